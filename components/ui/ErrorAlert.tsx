// A page's error alert: the server's message (never a stack trace), or — when the errors concern
// fields — the list of those fields, each a button that takes the user there (the fields show
// their own message inline, all at once).

export interface FieldProblem {
  /** the form's id for the field */
  field: string;
  label: string;
  message: string;
}

interface Props {
  title: string;
  message?: string;
  action?: { label: string; onClick: () => void };
  problems?: FieldProblem[];
  onGoTo?: (field: string) => void;
}

export function ErrorAlert({ title, message, action, problems = [], onGoTo }: Props) {
  return (
    <div role="alert" data-testid="error-alert" className="mt-3 flex gap-3 rounded-lg border border-red-300 bg-red-50 px-3.5 py-2.5 text-red-900">
      <svg viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0 text-red-600" fill="currentColor" aria-hidden>
        <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.9 4h1.8v5.2H9.1V6Zm0 6.6h1.8v1.8H9.1v-1.8Z" />
      </svg>
      <div className="min-w-0 flex-1">
        <p className="text-[13px] font-semibold">{title}</p>
        {message && (
          <p className="mt-0.5 font-mono text-xs break-words" data-testid="error-message">
            {message}
          </p>
        )}
        {problems.length > 0 && (
          <ul className="mt-1 space-y-0.5 text-xs" data-testid="error-fields">
            {problems.map((p) => (
              <li key={p.field}>
                <button type="button" className="min-h-6 text-left underline-offset-2 hover:underline" onClick={() => onGoTo?.(p.field)} data-testid="error-field">
                  <span className="font-semibold">{p.label}</span>: {p.message}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {action && (
        <button type="button" className="min-h-6 shrink-0 self-start rounded px-2 py-0.5 text-xs font-medium text-red-800 underline hover:bg-red-100" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
