"use client";

import { useEffect } from "react";

/**
 * Whether focus is free for a page that has just arrived to take: nothing has it (the body), or the
 * link that led here has it (a link to this very page, outside the phone menu). Anything else —
 * an open menu, a field, a button the person reached while the page was still loading behind its
 * Suspense boundary — is theirs, and a late page must not take it away.
 */
export function focusIsFree(): boolean {
  const a = document.activeElement;
  if (!a || a === document.body) return true;
  // #main-menu: AppShell's phone menu, which a link followed closes
  return a instanceof HTMLAnchorElement && a.pathname === location.pathname && !a.closest("#main-menu");
}

/**
 * What `autoFocus` does for a page's main field (a search), without stealing the focus: on mount,
 * the field is focused only if the focus is free (focusIsFree).
 */
export function useArrivalFocus(field: () => HTMLElement | null): void {
  useEffect(() => {
    if (focusIsFree()) field()?.focus();
    // once, when the page arrives
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
