"use client";
// The sessions page's calls: GET /api/sessions (paged with nextToken), /api/sessions/timeline and
// /api/sessions/{accessKeyId}/events. With a live CloudTrail source an answer may be `partial`
// (a read is under way on the server): the same query is asked again until it is complete; asking
// again joins the read, it never starts a second one.

import { keepPreviousData, useInfiniteQuery, useQuery, type QueryClient } from "@tanstack/react-query";
import type { SessionsResponse } from "@/lib/api/sessions";
import type { Timeline } from "@/lib/sessions/filter";
import type { RoleSession, SessionRef } from "@/lib/sessions/group";
import type { ReadProgress } from "@/lib/sessions/live";
import { ACCESS_KEY_ID } from "@/lib/ui/sessions-search";
import { ApiRequestError, getJson } from "@/components/ui/http";

export type { RoleSession, SessionRef, SessionsResponse, ReadProgress };

export type TimelineResponse = Timeline & { total: number; partial: boolean; progress: ReadProgress | null };

export interface EventsResponse {
  events: Record<string, unknown>[];
  nextToken: string | null;
  total: number;
  partial: boolean;
  progress: ReadProgress | null;
  notes: string[];
}

/** How often a partial answer is asked for again. */
const POLL_MS = 1500;
/** How long the server may wait for a live read before it answers with what it has. */
const WAIT_MS = "2500";

export const PAGE_SIZE = 50;

/** Retry only when the server could not be reached: the API's own errors say what to do. */
const retry = (count: number, error: Error) => error instanceof ApiRequestError && error.status === 0 && count < 2;

export function sessionsUrl(params: URLSearchParams, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return `/api/sessions?${p}`;
}

export function useSessionsPages(params: URLSearchParams, opts: { limit?: number; enabled?: boolean } = {}) {
  const q = params.toString();
  const limit = opts.limit ?? PAGE_SIZE;
  return useInfiniteQuery({
    queryKey: ["sessions", "list", q, limit],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => getJson<SessionsResponse>(sessionsUrl(params, { limit: String(limit), wait: WAIT_MS, ...(pageParam ? { nextToken: pageParam } : {}) }), signal),
    getNextPageParam: (last) => last.nextToken,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.partial) ? POLL_MS : false),
    enabled: opts.enabled ?? true,
    retry,
  });
}

/** One page of sessions (for the compact tables other pages embed). */
export function useSessionsPage(params: URLSearchParams, limit: number) {
  const q = params.toString();
  return useQuery({
    queryKey: ["sessions", "page", q, limit],
    queryFn: ({ signal }) => getJson<SessionsResponse>(sessionsUrl(params, { limit: String(limit), wait: WAIT_MS }), signal),
    refetchInterval: (query) => (query.state.data?.partial ? POLL_MS : false),
    retry,
  });
}

export function useTimeline(params: URLSearchParams) {
  const q = params.toString();
  return useQuery({
    queryKey: ["sessions", "timeline", q],
    queryFn: ({ signal }) => {
      const p = new URLSearchParams(params);
      p.set("wait", WAIT_MS);
      return getJson<TimelineResponse>(`/api/sessions/timeline?${p}`, signal);
    },
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.partial ? POLL_MS : false),
    retry,
  });
}

/** The calls signed with a session's key, between its start and its expiration. */
export function useSessionEvents(session: RoleSession | null) {
  const key = session?.outcome === "success" ? session.accessKeyId : null;
  const from = session?.eventTime ?? "";
  const to = session?.expiration && session.expiration > from ? session.expiration : "";
  return useInfiniteQuery({
    queryKey: ["sessions", "events", key, from, to],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ limit: "100", wait: WAIT_MS });
      if (from) p.set("from", from);
      if (to) p.set("to", to);
      if (pageParam) p.set("nextToken", pageParam);
      return getJson<EventsResponse>(`/api/sessions/${encodeURIComponent(key!)}/events?${p}`, signal);
    },
    getNextPageParam: (last) => last.nextToken,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.partial) ? POLL_MS : false),
    enabled: !!key,
    retry,
  });
}

const bySessionId = (id: string) => (s: RoleSession) => s.accessKeyId === id || s.eventId === id;

/**
 * The session a link names (`?session=<access key ID or event ID>`): from the rows already loaded,
 * else asked for — by key, or (an event ID, for a failed attempt, which has no key) among the
 * sessions of the current filters and then among all.
 */
export function useSessionLookup(id: string | null, known: readonly RoleSession[], filterParams: URLSearchParams) {
  const found = id ? known.find(bySessionId(id)) : undefined;
  const filters = filterParams.toString();
  const query = useQuery({
    queryKey: ["sessions", "lookup", id, filters],
    queryFn: async ({ signal }) => {
      const match = bySessionId(id!);
      if (ACCESS_KEY_ID.test(id!)) {
        const r = await getJson<SessionsResponse>(sessionsUrl(new URLSearchParams({ accessKeyId: id! }), { limit: "5" }), signal);
        return r.sessions.find(match) ?? null;
      }
      const scoped = await getJson<SessionsResponse>(sessionsUrl(filterParams, { limit: "1000" }), signal);
      const hit = scoped.sessions.find(match);
      if (hit || !filters) return hit ?? null;
      const all = await getJson<SessionsResponse>(sessionsUrl(new URLSearchParams(), { limit: "1000" }), signal);
      return all.sessions.find(match) ?? null;
    },
    enabled: !!id && !found,
    staleTime: 5 * 60_000,
    retry,
  });
  if (!id) return { session: null, isLoading: false, error: null };
  if (found) return { session: found, isLoading: false, error: null };
  return { session: query.data ?? null, isLoading: query.isPending, error: query.error };
}

/**
 * The session a chain entry points at. An entry with a key is that key; a failed assumption has
 * none, so it is found by its role, session name and time.
 */
export async function resolveRef(client: QueryClient, ref: SessionRef): Promise<RoleSession | null> {
  if (ref.accessKeyId) {
    const r = await client.fetchQuery({
      queryKey: ["sessions", "byKey", ref.accessKeyId],
      queryFn: ({ signal }) => getJson<SessionsResponse>(sessionsUrl(new URLSearchParams({ accessKeyId: ref.accessKeyId! }), { limit: "5" }), signal),
      staleTime: 60_000,
    });
    return r.sessions[0] ?? null;
  }
  if (!ref.eventTime || !ref.roleArn) return null;
  const t = Date.parse(ref.eventTime);
  const p = new URLSearchParams({ role: ref.roleArn, from: new Date(t).toISOString(), to: new Date(t + 1000).toISOString() });
  if (ref.roleSessionName) p.set("roleSessionName", ref.roleSessionName);
  const r = await client.fetchQuery({
    queryKey: ["sessions", "byRef", p.toString()],
    queryFn: ({ signal }) => getJson<SessionsResponse>(sessionsUrl(p, { limit: "10" }), signal),
    staleTime: 60_000,
  });
  return r.sessions.find((s) => s.eventTime === ref.eventTime) ?? r.sessions[0] ?? null;
}

