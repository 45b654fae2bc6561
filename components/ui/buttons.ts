// Shared class names, so that every button on a page looks like it belongs.
export const btn = {
  primary:
    "inline-flex items-center justify-center gap-2 rounded-md bg-accent-600 px-3.5 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-accent-700 disabled:cursor-not-allowed disabled:opacity-60",
  secondary:
    "inline-flex items-center justify-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 shadow-xs hover:bg-zinc-50 hover:text-zinc-900 disabled:cursor-not-allowed disabled:opacity-60",
  small:
    "inline-flex items-center gap-1 rounded border border-zinc-300 bg-white px-2 py-0.5 text-xs font-medium text-zinc-700 hover:bg-zinc-50 hover:text-zinc-900 disabled:cursor-not-allowed disabled:opacity-50",
  link: "inline-flex items-center gap-1 rounded text-xs font-medium text-accent-700 hover:text-accent-800 hover:underline",
  danger: "inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium text-zinc-500 hover:bg-red-50 hover:text-red-700",
};

export const input =
  "block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-[13px] text-zinc-900 shadow-xs placeholder:text-zinc-500 aria-[invalid=true]:border-red-400 aria-[invalid=true]:bg-red-50/40";
