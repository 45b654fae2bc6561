import { Spinner } from "./Spinner";

/** What a page shows while its client part starts: its title, and that it is coming. */
export function PageLoading({ title }: { title: string }) {
  return (
    <div className="mx-auto max-w-[1600px] px-4 py-2.5">
      <h1 className="text-lg leading-tight font-semibold tracking-tight text-zinc-900">{title}</h1>
      <p className="mt-4 flex items-center gap-2 text-[13px] text-zinc-500">
        <Spinner /> Loading…
      </p>
    </div>
  );
}
