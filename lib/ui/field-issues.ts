// A 400's `issues` placed at the form's fields, all of them at once: each issue whose path a form
// knows goes to that field (two for one field are joined); the rest stay for the page's alert.

export interface Issue {
  path: readonly (string | number)[];
  message: string;
}

export interface PlacedIssues<F extends string> {
  fields: Partial<Record<F, string>>;
  /** the fields in the order of their first issue: the first is where focus goes */
  order: F[];
  /** issues no field owns */
  rest: Issue[];
}

export function placeIssues<F extends string>(issues: readonly Issue[], fieldOf: (path: Issue["path"]) => F | null | undefined, clean: (field: F, message: string) => string = (_f, m) => m): PlacedIssues<F> {
  const fields: Partial<Record<F, string>> = {};
  const order: F[] = [];
  const rest: Issue[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (!field) {
      rest.push(issue);
      continue;
    }
    const message = clean(field, issue.message);
    const had = fields[field];
    if (had === undefined) order.push(field);
    if (had !== message) fields[field] = had ? `${had} ${message}` : message;
  }
  return { fields, order, rest };
}

/** The alert's title over a list of fields to fix. */
export function fieldsTitle(n: number, before: string): string {
  return n === 1 ? `One field needs a change before ${before}` : `${n} fields need a change before ${before}`;
}
