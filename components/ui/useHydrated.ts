"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False on the server and while React hydrates, true after. Markup that depends on data another
 * component may already have fetched (the health check, the identity) waits for it: a page's
 * Suspense boundary can hydrate after that data arrived, and must match the server's HTML.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
