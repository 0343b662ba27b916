/**
 * Server-side HTML that is escaped unless told otherwise. `html\`...\`` escapes every
 * interpolated value; only another `html` fragment (or `raw()`, for markup we produced
 * ourselves, such as an inline SVG) passes through. Arrays are joined; null, undefined and
 * false render nothing, so `${cond && html\`…\`}` reads naturally.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

export type Renderable = SafeHtml | string | number | null | undefined | false | readonly Renderable[];

function render(value: Renderable): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): SafeHtml {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trust a string as markup. Only for markup this program generated itself. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
