/**
 * One way to check input against its schema, for every module: the HTML form and the API route
 * of an input share one TypeBox schema and get the same problems back, in words a citizen or a
 * clerk understands.
 */
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { t } from './i18n/index.js';

/** One thing wrong with an input. */
export interface Problem {
  /** where: e.g. "items[12] 机动车驾驶证补领" or "第 5 行"; '' for a form */
  where: string;
  /** field path inside the record, e.g. "/materials/0/copies", or the field's label */
  field: string;
  message: string;
}

/** The message for one schema error, in words a clerk preparing an import file understands. */
function schemaMessage(error: { message: string; schema: TSchema; value: unknown }): string {
  const s = error.schema as Record<string, unknown>;
  if (error.value === undefined) return t('validation.required');
  if (Array.isArray(s.anyOf) && (s.anyOf as { const?: unknown }[]).every((o) => 'const' in o))
    return t('validation.enum', { allowed: (s.anyOf as { const: string }[]).map((o) => o.const).join('、') });
  if (typeof s.pattern === 'string') return t('validation.pattern');
  if (s.type === 'string' && typeof error.value === 'string') {
    if (typeof s.minLength === 'number' && error.value.length < s.minLength) return t('validation.required');
    if (typeof s.maxLength === 'number' && error.value.length > s.maxLength)
      return t('validation.tooLong', { max: s.maxLength });
  }
  if (s.type === 'array' && Array.isArray(error.value)) {
    if (typeof s.minItems === 'number' && error.value.length < s.minItems)
      return t('validation.tooFew', { min: s.minItems });
    if (typeof s.maxItems === 'number' && error.value.length > s.maxItems)
      return t('validation.tooMany', { max: s.maxItems });
    if (s.uniqueItems) return t('validation.duplicateEntries');
  }
  if (s.type === 'integer' || s.type === 'number') {
    if (typeof error.value !== 'number') return t('validation.number');
    return t('validation.range', { min: String(s.minimum ?? '-'), max: String(s.maximum ?? '-') });
  }
  if (s.type === 'boolean') return t('validation.boolean');
  if (s.additionalProperties === false) return t('validation.unknownField');
  return t('validation.invalid');
}

/** The problems of `value` against `schema` (none when it passes), one per field, at most 20. */
export function checkSchema(schema: TSchema, value: unknown, where = ''): Problem[] {
  if (Value.Check(schema, value)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const e of Value.Errors(schema, value)) {
    if (seen.has(e.path)) continue; // one message per field is enough
    seen.add(e.path);
    problems.push({ where, field: e.path || '/', message: schemaMessage(e) });
    if (problems.length >= 20) break;
  }
  return problems;
}
