/**
 * An item's definition as the back office edits it, one form field per part: the item's
 * implementation code; the online form in the catalogue's form notation (form-notation.ts,
 * written as JSON); the approval route one stage a line; the automation rules (JSON, optional).
 *
 *   accept | 受理审查 | 或签 | scjg
 *   joint  | 联合审查 | 会签 | scjg:reviewer, xfjy, wjw
 *   decide | 审批决定 | 会签 | scjg:dept_admin
 *
 * Every record reads back to exactly what it was written from, so a draft's diff shows only
 * what changed.
 */
import { t } from '../../../lib/i18n/index.js';
import { STAFF_ROLES, type StaffRole } from '../../../lib/principal.js';
import type { Problem } from '../../../lib/validation.js';
import type { RouteDefinition } from '../approval.js';

export type Cells = Record<string, string>;

/** The record a draft holds and publishing writes. */
export interface DefinitionRecord {
  /** the item's implementation code (the workflow keys plugged sections by `slug`) */
  slug: string;
  /** the item's name, for the workflow's lists (not edited) */
  title?: string;
  form: unknown;
  route: unknown;
  automation: unknown | null;
}

export const COLUMN_KEYS = ['slug', 'form', 'route', 'automation'] as const;

const MODES: Record<string, 'all' | 'any'> = { 会签: 'all', 或签: 'any', all: 'all', any: 'any' };

export function routeText(route: RouteDefinition): string {
  return route.stages
    .map((s) => {
      const who = s.participants.map((p) => (p.roles ? `${p.department}:${p.roles.join('+')}` : p.department)).join(', ');
      return [s.key, s.name, t(s.mode === 'all' ? 'appdef.mode.all' : 'appdef.mode.any'), who].join(' | ');
    })
    .join('\n');
}

/** Route lines back to a route; problems name the line. The result is checked by checkRouteDefinition after. */
export function readRoute(text: string, problems: Problem[], field: string): unknown {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) problems.push({ where: '', field, message: t('appdef.route.empty') });
  const stages = lines.map((line, i) => {
    const n = i + 1;
    const parts = line.split(/[|｜]/).map((p) => p.trim());
    if (parts.length !== 4) {
      problems.push({ where: '', field, message: t('appdef.route.line', { n }) });
      return null;
    }
    const [key, name, modeText, who] = parts as [string, string, string, string];
    const mode = MODES[modeText];
    if (!mode) problems.push({ where: '', field, message: t('appdef.route.mode', { n, mode: modeText }) });
    const participants = who
      .split(/[,，、]/)
      .map((w) => w.trim())
      .filter(Boolean)
      .map((w) => {
        const [department, roles] = w.split(/[:：]/).map((x) => x.trim()) as [string, string | undefined];
        if (roles === undefined) return { department };
        const list = roles.split('+').map((r) => r.trim());
        for (const r of list)
          if (!(STAFF_ROLES as readonly string[]).includes(r)) problems.push({ where: '', field, message: t('appdef.route.role', { n, role: r, allowed: STAFF_ROLES.join('、') }) });
        return { department, roles: list as StaffRole[] };
      });
    return { key, name, mode: mode ?? 'all', participants };
  });
  return { stages: stages.filter((s) => s !== null) };
}

export function recordCells(r: DefinitionRecord): Cells {
  return {
    slug: r.slug,
    form: JSON.stringify(r.form, null, 2),
    route: routeText(r.route as RouteDefinition),
    automation: r.automation ? JSON.stringify(r.automation, null, 2) : '',
  };
}

function readJson(text: string, field: string, problems: Problem[]): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    problems.push({ where: '', field, message: t('appdef.json', { detail: (e as Error).message }) });
    return undefined;
  }
}

/** Cells back to a record, with the problems of reading them (not yet of checking them). */
export function readCells(cells: Cells, headers: Record<string, string>): { record: DefinitionRecord; problems: Problem[] } {
  const problems: Problem[] = [];
  const slug = (cells.slug ?? '').trim();
  const form = readJson((cells.form ?? '').trim() || '{}', headers.form ?? 'form', problems);
  const route = readRoute(cells.route ?? '', problems, headers.route ?? 'route');
  const automationText = (cells.automation ?? '').trim();
  const automation = automationText ? readJson(automationText, headers.automation ?? 'automation', problems) : null;
  return { record: { slug, form, route, automation: automation ?? null }, problems };
}
