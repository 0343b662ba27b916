/** The report's edit form: the narrative parts and the entered figures, checked (any value in, the clean value or every problem in words). */
import { ValidationError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { cleanText } from '../../lib/text.js';
import type { Problem } from '../../lib/validation.js';
import { ENTERED_KEYS, type EnteredKey, LIMITS, SECTIONS, type Section } from './model.js';

export const idOf = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n < 2 ** 31 ? n : undefined;
};

export function yearOf(v: unknown, today: string): number {
  const y = typeof v === 'number' ? v : typeof v === 'string' && /^\d{4}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isSafeInteger(y) || y < 2008 || y > Number(today.slice(0, 4))) throw new ValidationError(t('reports.error.invalid'), [{ where: '', field: t('reports.field.year'), message: t('reports.error.year', { max: today.slice(0, 4) }) }]);
  return y;
}

export function checkEdit(input: { sections?: unknown; entered?: unknown }): { sections: Record<Section, string>; entered: Record<EnteredKey, number> } {
  const problems: Problem[] = [];
  const s = (input.sections ?? {}) as Record<string, unknown>;
  const e = (input.entered ?? {}) as Record<string, unknown>;
  const sections = {} as Record<Section, string>;
  for (const k of SECTIONS) {
    const v = typeof s[k] === 'string' ? cleanText(s[k] as string, { multiline: true, max: LIMITS.section + 1 }) : '';
    if (v.length > LIMITS.section) problems.push({ where: '', field: t(`reports.section.${k}`), message: t('reports.error.tooLong', { max: LIMITS.section }) });
    sections[k] = v.slice(0, LIMITS.section);
  }
  if (sections.overview.length < 20) problems.push({ where: '', field: t('reports.section.overview'), message: t('reports.error.short', { min: 20 }) });
  const entered = {} as Record<EnteredKey, number>;
  for (const k of ENTERED_KEYS) {
    const raw = e[k];
    const str = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    const n = str === '' ? 0 : Number(str);
    const decimals = k === 'charges' ? /^\d{1,9}(\.\d{1,2})?$/ : /^\d{1,9}$/;
    if (str !== '' && (!decimals.test(str) || !(n <= LIMITS.entered))) problems.push({ where: '', field: t(`reports.entered.${k}`), message: t(k === 'charges' ? 'reports.error.amount' : 'reports.error.count') });
    entered[k] = Number.isFinite(n) ? n : 0;
  }
  if (problems.length) throw new ValidationError(t('reports.error.invalid'), problems);
  return { sections, entered };
}
