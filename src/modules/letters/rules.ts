/**
 * Automatic dispatch: the first rule (by priority) whose every condition holds places the
 * letter. A rule may require a channel, a type, any of its keywords in the title or body, and
 * any of its area words in the address or the text. A letter no rule places waits for a dispatcher.
 */
import { BadRequestError } from '../../lib/errors.js';
import { cleanText } from '../../lib/text.js';
import { t } from '../../lib/i18n/index.js';
import { CHANNELS, TYPES } from './model.js';

export interface RuleInput {
  name?: string;
  channel?: string | null;
  type?: string | null;
  keywords?: string[] | string;
  areas?: string[] | string;
  departmentId?: number;
  priority?: number;
}

export interface Rule {
  name: string;
  channel: string | null;
  type: string | null;
  keywords: string[];
  areas: string[];
  departmentId: number;
  priority: number;
  enabled?: boolean;
}

interface Letter {
  channel: string;
  type: string;
  title: string;
  body: string;
  address: string | null;
}

export function matchRule<R extends Rule>(rules: R[], letter: Letter): R | undefined {
  const text = `${letter.title}\n${letter.body}`;
  const place = `${letter.address ?? ''}\n${text}`;
  return rules.find(
    (r) =>
      r.enabled !== false &&
      (!r.channel || r.channel === letter.channel) &&
      (!r.type || r.type === letter.type) &&
      (!r.keywords.length || r.keywords.some((k) => text.includes(k))) &&
      (!r.areas.length || r.areas.some((a) => place.includes(a))),
  );
}

const words = (v: string[] | string | undefined) =>
  (Array.isArray(v) ? v : (v ?? '').split(/[,，、\s]+/))
    .map((w) => cleanText(w, { max: 30 }))
    .filter(Boolean)
    .slice(0, 50);

/** A rule as an operator typed it, checked; a rule with no condition at all would take every letter. */
export function checkRule(input: RuleInput, departments: ReadonlyMap<number, unknown>): Rule {
  const name = cleanText(input.name ?? '', { max: 60 });
  if (!name) throw new BadRequestError(t('letters.rules.error.name'), 'bad_rule');
  const channel = input.channel || null;
  if (channel && !(CHANNELS as readonly string[]).includes(channel)) throw new BadRequestError(t('letters.error.channel'), 'bad_rule');
  const type = input.type || null;
  if (type && !(TYPES as readonly string[]).includes(type)) throw new BadRequestError(t('letters.error.type'), 'bad_rule');
  const keywords = words(input.keywords);
  const areas = words(input.areas);
  if (!channel && !type && !keywords.length && !areas.length) throw new BadRequestError(t('letters.rules.error.empty'), 'bad_rule');
  if (!input.departmentId || !departments.has(input.departmentId)) throw new BadRequestError(t('letters.error.department'), 'bad_rule');
  const priority = Number(input.priority ?? 100);
  if (!Number.isInteger(priority) || priority < 0 || priority > 10_000) throw new BadRequestError(t('letters.rules.error.priority'), 'bad_rule');
  return { name, channel, type, keywords, areas, departmentId: input.departmentId, priority };
}
