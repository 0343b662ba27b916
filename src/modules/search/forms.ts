/** The inputs of the search settings forms, read from a posted body. */
import { field } from '../../web/forms.js';

/** A list typed in one field: separated by commas, 、, semicolons or spaces. */
export const splitTerms = (s: string) =>
  s
    .split(/[,，、;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** A synonym entry as typed (kept to show the form again) and as the operation takes it. */
export function synonymForm(body: unknown) {
  const values = { terms: field(body, 'terms'), targets: field(body, 'targets') };
  return { values, entry: { terms: splitTerms(values.terms), targets: splitTerms(values.targets) } };
}

/** Best bets for one query as typed, and as the operation takes them. */
export function bestBetForm(body: unknown) {
  const values = { query: field(body, 'query'), docKeys: field(body, 'docKeys') };
  return { values, input: { query: values.query, docKeys: splitTerms(values.docKeys) } };
}
