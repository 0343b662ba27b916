/**
 * The figures of a fuzz run and its failures, grouped: 5xx by root cause (the error's message
 * with numbers blanked, and the first stack frame in our code), unescaped payloads by the route
 * that took them. Each group shows one request exactly, so it can be replayed by hand or with
 * the same --seed.
 */
import { type Failure, type FuzzResult, describeRequest } from './run.js';

export interface FailureGroup {
  kind: Failure['kind'];
  cause: string;
  count: number;
  targets: string[];
  classes: string[];
  first: Failure;
}

/** An error message without what varies between requests: a failed query's SQL, quoted values, numbers. */
const rootCause = (message: string) =>
  message
    .replace(/ \(Failed query.*?…\)/, '')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 200);

export function groupFailures(failures: Failure[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const f of failures) {
    const cause =
      f.kind === '5xx'
        ? f.error
          ? `${rootCause(f.error.message)}${f.error.code ? ` [${f.error.code}]` : ''}\n      at ${f.error.top.replace(/:\d+:\d+\)?$/, '')}`
          : `status ${f.status} without an error (sent by a handler)`
        : f.kind === 'unescaped'
          ? `payload from ${f.gen.target} shown unescaped${f.foundIn ? ` in ${f.foundIn.replace(/\d+/g, 'N').split('?')[0]}` : ' in its own answer'}`
          : f.kind;
    const key = `${f.kind} ${cause}`;
    const g = groups.get(key) ?? { kind: f.kind, cause, count: 0, targets: [], classes: [], first: f };
    g.count++;
    if (!g.targets.includes(f.gen.target)) g.targets.push(f.gen.target);
    if (!g.classes.includes(f.gen.cls)) g.classes.push(f.gen.cls);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function formatReport(r: FuzzResult): string {
  const fivexx = r.failures.filter((f) => f.kind === '5xx').length;
  const unescaped = r.failures.filter((f) => f.kind === 'unescaped').length;
  const other = r.failures.length - fivexx - unescaped;
  const uncovered = r.routesTotal.filter((x) => !r.routesCovered.includes(x));
  const lines = [
    `seed ${r.seed}`,
    `targets: ${r.targets.openapi} OpenAPI operations, ${r.targets.forms} forms on ${r.targets.pages} crawled pages, ${r.targets.routes} registered routes`,
    `requests sent: ${r.sent}`,
    `by status: ${Object.entries(r.byStatus)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `by input class: ${Object.entries(r.byClass)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `5xx: ${fivexx}`,
    `unescaped payloads: ${unescaped}`,
    ...(other ? [`other failures (traversal, no answer): ${other}`] : []),
    `routes covered: ${r.routesCovered.filter((x) => r.routesTotal.includes(x)).length}/${r.routesTotal.length}${uncovered.length ? ` (not reached: ${uncovered.join(', ')})` : ''}`,
    ...r.notes.slice(0, 20).map((n) => `note: ${n}`),
  ];
  const groups = groupFailures(r.failures);
  if (groups.length) {
    lines.push('', `${groups.length} distinct failure(s):`);
    groups.forEach((g, i) => {
      lines.push(
        '',
        `[${i + 1}] ${g.kind} ×${g.count}: ${g.cause}`,
        `    targets: ${g.targets.slice(0, 8).join(' | ')}${g.targets.length > 8 ? ` (+${g.targets.length - 8})` : ''}`,
        `    input classes: ${g.classes.join(', ')}`,
        `    first at request #${g.first.n} (status ${g.first.status}): ${g.first.gen.detail || g.first.gen.cls}`,
        ...(g.first.error ? [`    error: ${g.first.error.message.slice(0, 300)}`] : []),
        ...describeRequest(g.first.gen.req, g.first.gen.session)
          .split('\n')
          .map((l) => `    ${l}`),
      );
    });
    lines.push('', `replay: npm run fuzz -- --seed ${r.seed} (same --requests/--size)`);
  }
  return lines.join('\n');
}
