// The embeddable pieces render from the sessions API's answer: RecentSessions as a compact table
// with "See all", RecentFailures with STS's messages, or nothing when there are none.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SessionsResponse } from "@/lib/api/sessions";
import type { RoleSession } from "@/lib/sessions/group";
import { RecentFailures } from "./RecentFailures";
import { RecentSessions, sessionsHref } from "./RecentSessions";

const ROLE = "arn:aws:iam::111111111111:role/ecs/orders-api-task";
const BOB = "arn:aws:iam::111111111111:user/bob";

const session = (over: Partial<RoleSession>): RoleSession => ({
  roleSessionName: "bob",
  roleArn: ROLE,
  assumedRoleArn: null,
  caller: BOB,
  callerAccount: "111111111111",
  sourceIp: "203.0.113.42",
  userAgent: null,
  eventTime: "2026-11-17T10:15:03Z",
  expiration: null,
  durationSeconds: null,
  accessKeyId: null,
  sourceIdentity: null,
  region: "us-east-1",
  outcome: "failure",
  errorCode: "AccessDenied",
  errorMessage: `User: ${BOB} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
  eventId: "e-1",
  activity: null,
  eventName: "AssumeRole",
  roleAccount: "111111111111",
  callerType: "IAMUser",
  sessionTags: null,
  transitiveTagKeys: null,
  label: null,
  chain: { parent: null, children: [] },
  sharedEventId: null,
  loggedIn: ["111111111111"],
  ...over,
});

const answer = (sessions: RoleSession[]): SessionsResponse => ({
  sessions,
  nextToken: null,
  total: sessions.length,
  partial: false,
  progress: null,
  notes: [],
  window: null,
  source: "demo",
  problems: [],
});

/** Renders `el` with the API's answer for `params` already in the query cache. */
function render(el: ReactElement, params: Record<string, string>, limit: number, data: SessionsResponse): string {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(["sessions", "page", new URLSearchParams(params).toString(), limit], data);
  return renderToStaticMarkup(createElement(QueryClientProvider, { client }, el));
}

describe("RecentSessions", () => {
  it("a compact table, linking each session and all of them", () => {
    const ok = session({ outcome: "success", errorCode: null, errorMessage: null, accessKeyId: "ASIAS4NWNQF4WZP076AC", eventId: "e-2", roleSessionName: "bob-load-test", activity: { count: 6, first: null, last: null, top: [], errors: 1, partial: false } });
    const html = render(createElement(RecentSessions, { role: ROLE, limit: 5 }), { role: ROLE }, 5, answer([ok, session({})]));
    expect(html).toContain("2 sessions in CloudTrail");
    expect(html).toContain("bob-load-test");
    expect(html).toContain("AccessDenied");
    expect(html).toContain(`href="${sessionsHref({ role: ROLE }, "ASIAS4NWNQF4WZP076AC").replace(/&/g, "&amp;")}"`);
    expect(html).toContain(`href="/sessions?role=${encodeURIComponent(ROLE)}"`);
    expect(html.match(/data-testid="recent-session"/g)).toHaveLength(2);
  });
  it("says when no one has assumed the role", () => {
    const html = render(createElement(RecentSessions, { role: ROLE }), { role: ROLE }, 5, answer([]));
    expect(html).toContain("No one has assumed this role");
  });
});

describe("RecentFailures", () => {
  const params = { principal: BOB, role: ROLE, outcome: "failure" };
  it("lists the failed attempts with STS's messages", () => {
    const html = render(createElement(RecentFailures, { principal: BOB, role: ROLE }), params, 3, answer([session({})]));
    expect(html).toContain("1 failed attempt in CloudTrail");
    expect(html).toContain("is not authorized to perform: sts:AssumeRole");
    expect(html).toContain("2026-11-17 10:15:03 UTC");
    expect(html).toContain(`/sessions?principal=${encodeURIComponent(BOB)}&amp;role=${encodeURIComponent(ROLE)}&amp;outcome=failure&amp;session=e-1`);
  });
  it("renders nothing when there are none, or one line when asked", () => {
    expect(render(createElement(RecentFailures, { principal: BOB, role: ROLE }), params, 3, answer([]))).toBe("");
    expect(render(createElement(RecentFailures, { principal: BOB, role: ROLE, showNone: true }), params, 3, answer([]))).toContain("No failed attempts in CloudTrail.");
  });
});
