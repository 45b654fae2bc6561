"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { RoleSummary } from "@/lib/api/roles";
import { formatDay, formatDuration, relativeDay, roleHref } from "@/lib/ui/iam-format";
import { btn, input } from "@/components/ui/buttons";
import { Chip, type Tone } from "@/components/ui/chips";
import { getJson } from "@/components/ui/http";
import { useArrivalFocus } from "@/components/ui/useArrivalFocus";
import { Segmented } from "@/components/ui/Segmented";
import { Spinner } from "@/components/ui/Spinner";
import { useHydrated } from "@/components/ui/useHydrated";
import { useDebounced } from "@/components/ui/useDebounced";
import { useHealth } from "@/components/shell/useHealth";

type Admits = RoleSummary["admits"][number];
type Sort = "name" | "account" | "maxSessionDuration" | "lastUsed";

interface Page {
  roles: RoleSummary[];
  nextToken: string | null;
  total: number;
}

/** Pages are cheap to render (only the rows in view are); fewer, larger pages mean fewer round trips. */
const PAGE_SIZE = 500;
/** Every row has the same height, so that only the rows in view are rendered (thousands stay fast). */
const ROW_H = 52;
const HEAD_H = 33;
const OVERSCAN = 10;

export const ADMITS: { value: Admits; label: string; tone: Tone }[] = [
  { value: "service", label: "service", tone: "sky" },
  { value: "own-account", label: "own account", tone: "accent" },
  { value: "other-account", label: "other account", tone: "violet" },
  { value: "federated", label: "federated", tone: "amber" },
  { value: "anyone", label: "anyone", tone: "red" },
];

export function AdmitsChips({ admits }: { admits: Admits[] }) {
  if (admits.length === 0) return <span className="text-xs text-zinc-500">nobody</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {ADMITS.filter((a) => admits.includes(a.value)).map((a) => (
        <Chip key={a.value} tone={a.tone}>
          {a.label}
        </Chip>
      ))}
    </span>
  );
}

const SORTS: { key: Sort; label: string; dir: "ascending" | "descending"; hint: string }[] = [
  { key: "name", label: "Name", dir: "ascending", hint: "A to Z" },
  { key: "account", label: "Account", dir: "ascending", hint: "by account, then name" },
  { key: "maxSessionDuration", label: "Max session", dir: "descending", hint: "longest first" },
  { key: "lastUsed", label: "Last used", dir: "descending", hint: "most recent first" },
];

function useRolesPages(filters: { q: string; account: string; admits: string; sort: Sort }) {
  return useInfiniteQuery({
    queryKey: ["roles", "list", filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ limit: String(PAGE_SIZE), sort: filters.sort });
      if (filters.q) p.set("q", filters.q);
      if (filters.account) p.set("account", filters.account);
      if (filters.admits) p.set("admits", filters.admits);
      if (pageParam) p.set("nextToken", pageParam);
      return getJson<Page>(`/api/roles?${p}`, signal);
    },
    getNextPageParam: (last) => last.nextToken,
    placeholderData: keepPreviousData,
  });
}

function SortHeader({ sort, current, onSort, className = "" }: { sort: (typeof SORTS)[number]; current: Sort; onSort: (s: Sort) => void; className?: string }) {
  const active = sort.key === current;
  return (
    <th scope="col" aria-sort={active ? sort.dir : undefined} className={`px-3 py-2 text-left font-medium ${className}`}>
      <button type="button" className={`inline-flex items-center gap-1 rounded hover:text-zinc-900 ${active ? "text-zinc-900" : ""}`} onClick={() => onSort(sort.key)} title={`Sort ${sort.hint}`} tabIndex={-1}>
        {sort.label}
        <svg viewBox="0 0 12 12" className={`size-2.5 ${active ? "text-accent-600" : "text-zinc-300"}`} aria-hidden>
          <path d={sort.dir === "ascending" ? "M6 2.5 9.5 8h-7Z" : "M6 9.5 2.5 4h7Z"} fill="currentColor" />
        </svg>
      </button>
    </th>
  );
}

function MaxSession({ value }: { value: number | null }) {
  if (value === null) {
    return (
      <span className="cursor-help text-amber-800 underline decoration-amber-400 decoration-dotted underline-offset-2" title="MaxSessionDuration is not known: the data has no list-roles entry (or GetRole) for this role. RoleCall will not guess it. Open the role for the reason.">
        unknown
      </span>
    );
  }
  return <span title={`${value} seconds`}>{formatDuration(value)}</span>;
}

export function RolesList() {
  const params = useSearchParams();
  const router = useRouter();
  // the shell may have the health check before this part hydrates: wait for it
  const hydrated = useHydrated();
  const { data: healthData } = useHealth();
  const health = hydrated ? healthData : undefined;
  const [q, setQ] = useState(() => params.get("q") ?? "");
  const [account, setAccount] = useState(() => params.get("account") ?? "");
  const [admits, setAdmits] = useState<Admits | "">(() => (ADMITS.some((a) => a.value === params.get("admits")) ? (params.get("admits") as Admits) : ""));
  const [sort, setSort] = useState<Sort>(() => (SORTS.some((s) => s.key === params.get("sort")) ? (params.get("sort") as Sort) : "name"));
  const [selected, setSelected] = useState(-1);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const searchRef = useRef<HTMLInputElement>(null);
  useArrivalFocus(() => searchRef.current);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridId = useId();

  const dq = useDebounced(q.trim(), 200);
  const filters = useMemo(() => ({ q: dq, account, admits, sort }), [dq, account, admits, sort]);
  const { data, error, isPending, isFetching, isPlaceholderData, fetchNextPage, hasNextPage, isFetchingNextPage, refetch } = useRolesPages(filters);
  const rows = useMemo(() => data?.pages.flatMap((p) => p.roles) ?? [], [data]);
  const total = data?.pages[0]?.total ?? 0;

  // The filters live in the address bar too, so that a filtered list can be shared or bookmarked.
  useEffect(() => {
    const p = new URLSearchParams();
    if (filters.q) p.set("q", filters.q);
    if (account) p.set("account", account);
    if (admits) p.set("admits", admits);
    if (sort !== "name") p.set("sort", sort);
    const next = p.toString();
    if (next !== new URLSearchParams(window.location.search).toString()) window.history.replaceState(null, "", next ? `/roles?${next}` : "/roles");
  }, [filters.q, account, admits, sort]);

  // A new list starts at its top, with nothing selected.
  const [shownFilters, setShownFilters] = useState(filters);
  if (shownFilters !== filters) {
    setShownFilters(filters);
    setSelected(-1);
    setScrollTop(0);
  }
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [filters]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // "/" focuses the search, as on most sites with a list to search.
  useEffect(() => {
    const h = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    window.addEventListener("keydown", h);
    return () => window.removeEventListener("keydown", h);
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / ROW_H) + OVERSCAN);

  // Fetch the next page when the rows in view (or the selection) reach past what is loaded.
  useEffect(() => {
    if ((last > rows.length - 20 || selected >= rows.length - 5) && hasNextPage && !isFetchingNextPage && !isPlaceholderData) void fetchNextPage();
  }, [last, selected, rows.length, hasNextPage, isFetchingNextPage, isPlaceholderData, fetchNextPage]);

  const reveal = useCallback((i: number) => {
    const el = scrollRef.current;
    if (!el) return;
    const top = i * ROW_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (HEAD_H + top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = HEAD_H + top + ROW_H - el.clientHeight;
  }, []);

  const open = (i: number) => {
    const r = rows[i];
    if (r) router.push(roleHref(r.arn));
  };

  const onNavKey = (e: KeyboardEvent<HTMLElement>) => {
    // "/" is the shortcut to this box: pressed in it while it is empty, it types nothing (a path
    // searched by any part needs no leading slash)
    if (e.key === "/" && e.currentTarget === searchRef.current && !searchRef.current.value && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      return;
    }
    const n = rows.length;
    if (n === 0) return;
    const pageRows = Math.max(1, Math.floor((viewport - HEAD_H) / ROW_H) - 1);
    let next: number | null = null;
    if (e.key === "ArrowDown") next = Math.min(n - 1, selected + 1);
    else if (e.key === "ArrowUp") next = Math.max(0, selected - 1);
    else if (e.key === "PageDown") next = Math.min(n - 1, Math.max(0, selected) + pageRows);
    else if (e.key === "PageUp") next = Math.max(0, selected - pageRows);
    else if (e.key === "Home" && e.currentTarget !== searchRef.current) next = 0;
    else if (e.key === "End" && e.currentTarget !== searchRef.current) next = n - 1;
    else if (e.key === "Enter" && selected >= 0) {
      e.preventDefault();
      open(selected);
      return;
    } else if (e.key === "Escape" && e.currentTarget === searchRef.current && q) {
      e.preventDefault();
      setQ("");
      return;
    }
    if (next === null) return;
    e.preventDefault();
    setSelected(next);
    reveal(next);
  };

  const activeId = selected >= 0 && rows[selected] ? `${gridId}-row-${selected}` : undefined;
  const filtered = !!(dq || account || admits);
  const visible = rows.slice(first, Math.min(last, rows.length));
  const missing = Math.max(0, last - Math.max(first, rows.length));

  const clear = () => {
    setQ("");
    setAccount("");
    setAdmits("");
    searchRef.current?.focus();
  };

  let body: ReactNode;
  if (isPending) {
    body = (
      <div className="flex items-center gap-2 p-6 text-[13px] text-zinc-600" data-testid="roles-loading">
        <Spinner /> Loading roles…
      </div>
    );
  } else if (error && !data) {
    body = (
      <div role="alert" className="m-3 rounded-lg border border-red-300 bg-red-50 p-4 text-[13px] text-red-900" data-testid="roles-error">
        <p className="font-semibold">The roles could not be loaded</p>
        <p className="mt-1 font-mono text-xs">{error.message}</p>
        <button type="button" className={`${btn.secondary} mt-3`} onClick={() => void refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (total === 0) {
    body = (
      <div className="p-8 text-center" data-testid="roles-empty">
        <p className="text-[13px] font-semibold text-zinc-900">{filtered ? "No roles match" : "No roles are loaded"}</p>
        <p className="mt-1 text-xs text-zinc-600">
          {filtered ? "Nothing matches the search and filters. The search looks at names, ARNs (paths included) and descriptions." : "The data source holds no IAM roles."}
        </p>
        {filtered && (
          <button type="button" className={`${btn.secondary} mt-3`} onClick={clear}>
            Clear the search and filters
          </button>
        )}
      </div>
    );
  }

  return (
    <div className="mx-auto flex max-w-[1600px] flex-col px-4 pb-6">
      <div className="flex flex-wrap items-end gap-x-4 gap-y-1 py-2.5">
        <div>
          <h1 className="text-lg leading-tight font-semibold tracking-tight text-zinc-900">Roles</h1>
          <p className="text-xs text-zinc-500">Every role of the loaded accounts: who its trust policy admits, how long its sessions may last, when it was last used.</p>
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-t-lg border border-b-0 border-zinc-200 bg-white px-3 py-2.5">
        <div className="relative w-full max-w-sm">
          <svg viewBox="0 0 20 20" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-500" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
            <circle cx="9" cy="9" r="5.5" />
            <path d="m13.5 13.5 3 3" strokeLinecap="round" />
          </svg>
          <input
            ref={searchRef}
            type="search"
            role="combobox"
            aria-haspopup="grid"
            aria-expanded={rows.length > 0}
            aria-controls={gridId}
            aria-activedescendant={activeId}
            aria-label="Search roles"
            aria-keyshortcuts="/"
            aria-autocomplete="list"
            autoComplete="off"
            spellCheck={false}
            placeholder="Search by name, path, ARN or description"
            className={`${input} pr-8 pl-8`}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={onNavKey}
            data-testid="roles-search"
          />
          <kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-zinc-300 bg-zinc-50 px-1 text-[11px] text-zinc-500" aria-hidden>
            /
          </kbd>
        </div>
        <Segmented
          legend="Trusted by"
          value={admits}
          options={[{ value: "" as const, label: "all" }, ...ADMITS.map((a) => ({ value: a.value, label: a.label }))]}
          onChange={setAdmits}
          testId="admits-filter"
        />
        <label className="flex items-center gap-2 text-xs font-medium text-zinc-600">
          Account
          <select className={`${input} w-auto py-1 font-mono`} value={account} onChange={(e) => setAccount(e.target.value)} data-testid="account-filter">
            <option value="">all accounts</option>
            {(health?.accounts ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <p className="ml-auto flex items-center gap-2 text-xs text-zinc-500" data-testid="roles-count" aria-live="polite">
          {isFetching && !isPending && <Spinner className="size-3.5" />}
          {!isPending && !error && (filtered ? `${total.toLocaleString()} role${total === 1 ? "" : "s"} match` : `${total.toLocaleString()} role${total === 1 ? "" : "s"}`)}
        </p>
      </div>

      <div
        ref={scrollRef}
        className="h-[calc(100vh-13.5rem)] min-h-80 overflow-auto rounded-b-lg border border-zinc-200 bg-white shadow-xs"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        {body ?? (
          <table
            id={gridId}
            role="grid"
            aria-label="Roles"
            aria-rowcount={total + 1}
            aria-activedescendant={activeId}
            tabIndex={0}
            onKeyDown={onNavKey}
            onFocus={() => {
              if (selected < 0 && rows.length) setSelected(0);
            }}
            className={`w-full min-w-[60rem] table-fixed border-collapse text-[13px] outline-none focus-visible:ring-2 focus-visible:ring-accent-500 focus-visible:ring-inset ${isPlaceholderData ? "opacity-60" : ""}`}
            data-testid="roles-table"
          >
            <colgroup>
              <col />
              <col className="w-36" />
              <col className="w-64" />
              <col className="w-32" />
              <col className="w-32" />
              <col className="w-24" />
            </colgroup>
            <thead className="sticky top-0 z-10 bg-zinc-50 text-xs text-zinc-600 shadow-[inset_0_-1px_0_var(--color-zinc-200)]" style={{ height: HEAD_H }}>
              <tr aria-rowindex={1}>
                <SortHeader sort={SORTS[0]!} current={sort} onSort={setSort} />
                <SortHeader sort={SORTS[1]!} current={sort} onSort={setSort} />
                <th scope="col" className="px-3 py-2 text-left font-medium">
                  Trusted by
                </th>
                <SortHeader sort={SORTS[2]!} current={sort} onSort={setSort} />
                <SortHeader sort={SORTS[3]!} current={sort} onSort={setSort} />
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Warnings
                </th>
              </tr>
            </thead>
            <tbody>
              {first > 0 && <tr aria-hidden style={{ height: first * ROW_H }} />}
              {visible.map((r, k) => {
                const i = first + k;
                const sel = i === selected;
                return (
                  <tr
                    key={r.arn}
                    id={`${gridId}-row-${i}`}
                    aria-rowindex={i + 2}
                    aria-selected={sel}
                    style={{ height: ROW_H }}
                    className={`cursor-pointer border-b border-zinc-100 ${sel ? "bg-accent-50 shadow-[inset_3px_0_0_var(--color-accent-600)]" : "hover:bg-zinc-50"}`}
                    onClick={() => {
                      setSelected(i);
                      open(i);
                    }}
                    data-testid="role-row"
                    data-arn={r.arn}
                  >
                    <td className="overflow-hidden px-3 py-1.5">
                      <div className="flex min-w-0 items-baseline gap-1" title={r.path !== "/" ? `${r.path}${r.name}` : undefined}>
                        {r.path !== "/" && <span className="min-w-0 truncate font-mono text-[11px] text-zinc-500">{r.path}</span>}
                        <Link href={roleHref(r.arn)} tabIndex={-1} className="max-w-full shrink-0 truncate font-medium text-zinc-900 hover:text-accent-700 hover:underline" onClick={(e) => e.stopPropagation()}>
                          {r.name}
                        </Link>
                      </div>
                      {r.description && (
                        <div className="truncate text-[11px] text-zinc-500" title={r.description}>
                          {r.description}
                        </div>
                      )}
                    </td>
                    <td className="px-3 font-mono text-xs text-zinc-700">{r.account}</td>
                    <td className="overflow-hidden px-3">
                      <AdmitsChips admits={r.admits} />
                    </td>
                    <td className="px-3 text-xs text-zinc-700">
                      <MaxSession value={r.MaxSessionDuration} />
                    </td>
                    <td className="px-3 text-xs text-zinc-700">{r.lastUsed ? <span title={formatDay(r.lastUsed)}>{relativeDay(r.lastUsed)}</span> : <span className="text-zinc-500" title="IAM has no record of this role being used">never</span>}</td>
                    <td className="px-3 text-right text-xs">
                      {r.warnings > 0 ? (
                        <Chip tone="amber" title={`${r.warnings} warning${r.warnings === 1 ? "" : "s"}: open the role to read them`}>
                          ⚠ {r.warnings}
                        </Chip>
                      ) : (
                        <span className="text-zinc-500">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
              {missing > 0 && (
                <tr aria-hidden style={{ height: missing * ROW_H }}>
                  <td colSpan={6} className="px-3 align-top text-xs text-zinc-500">
                    <span className="flex h-[52px] items-center gap-2">
                      <Spinner className="size-3.5" /> Loading more roles…
                    </span>
                  </td>
                </tr>
              )}
              {total > last && <tr aria-hidden style={{ height: (total - last) * ROW_H }} />}
            </tbody>
          </table>
        )}
      </div>
      <p className="mt-1.5 text-[11px] text-zinc-500">
        <kbd className="rounded border border-zinc-300 bg-white px-1">↑</kbd> <kbd className="rounded border border-zinc-300 bg-white px-1">↓</kbd> move through the roles,{" "}
        <kbd className="rounded border border-zinc-300 bg-white px-1">Enter</kbd> opens one, <kbd className="rounded border border-zinc-300 bg-white px-1">/</kbd> searches.
      </p>
    </div>
  );
}
