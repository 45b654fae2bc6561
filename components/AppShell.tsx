"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRef, useState, type ReactNode } from "react";
import { DemoBanner } from "./shell/DemoBanner";
import { SourceBadge } from "./shell/SourceBadge";
import { UserMenu } from "./shell/UserMenu";

export const NAV = [
  { href: "/", label: "Diagnose" },
  { href: "/roles", label: "Roles" },
  { href: "/simulate", label: "Simulate" },
  { href: "/sessions", label: "Sessions" },
  { href: "/evaluate", label: "Policy evaluator" },
] as const;

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

function Logo() {
  return (
    <svg viewBox="0 0 24 24" className="size-5 text-accent-600" aria-hidden fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M12 3 4 6v6c0 4.5 3.4 8.1 8 9 4.6-.9 8-4.5 8-9V6l-8-3Z" />
      <path d="m9 12 2 2 4-4" />
    </svg>
  );
}

/** The five pages: a row of links from md up, a menu button below (a phone has no room for a row). */
function MainNav({ pathname }: { pathname: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // a link followed closes the menu (the shell stays mounted across pages)
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  const links = (vertical: boolean) => (
    <ul className={vertical ? "flex flex-col gap-0.5 p-2" : "flex items-center gap-1"}>
      {NAV.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              onClick={() => setOpen(false)}
              className={`block rounded-md font-medium whitespace-nowrap transition-colors ${vertical ? "px-3 py-2.5 text-sm" : "px-2.5 py-1.5 text-[13px]"} ${
                active ? "bg-accent-50 text-accent-700" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
              }`}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
  return (
    <>
      <nav aria-label="Main" className="hidden min-w-0 md:block" data-testid="nav-row">
        {links(false)}
      </nav>
      <button
        ref={button}
        type="button"
        className="ml-auto inline-flex min-h-9 items-center gap-1.5 rounded-md border border-zinc-300 px-2.5 text-[13px] font-medium text-zinc-700 hover:bg-zinc-100 md:hidden"
        aria-expanded={open}
        aria-controls="main-menu"
        onClick={() => setOpen(!open)}
        data-testid="menu-button"
      >
        <svg viewBox="0 0 20 20" className="size-4" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
          {open ? <path d="M5 5l10 10M15 5 5 15" /> : <path d="M3 6h14M3 10h14M3 14h14" />}
        </svg>
        Menu
      </button>
      {open && (
        <div
          id="main-menu"
          className="absolute inset-x-0 top-full z-40 border-b border-zinc-200 bg-white shadow-lg md:hidden"
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              setOpen(false);
              // after the menu (and the link that had focus) is gone
              requestAnimationFrame(() => button.current?.focus());
            }
          }}
        >
          <nav aria-label="Main" data-testid="nav-menu">
            {links(true)}
          </nav>
          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 px-4 py-3">
            <SourceBadge />
            <UserMenu />
          </div>
        </div>
      )}
    </>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname() ?? "/";
  return (
    <>
      <a
        href="#main"
        className="skip-link"
      >
        Skip to content
      </a>
      <header className="relative border-b border-zinc-200 bg-white">
        <div className="mx-auto flex h-12 max-w-[1600px] items-center gap-6 px-4">
          <Link href="/" className="flex shrink-0 items-center gap-2 rounded text-[15px] font-semibold tracking-tight text-zinc-900">
            <Logo />
            RoleCall
          </Link>
          <MainNav pathname={pathname} />
          <div className="ml-auto hidden items-center gap-4 md:flex">
            <UserMenu />
            <SourceBadge />
          </div>
        </div>
        {/* inside the banner landmark, so that no content sits outside a landmark */}
        <DemoBanner />
      </header>
      <main id="main" tabIndex={-1} className="outline-none">
        {children}
      </main>
    </>
  );
}
