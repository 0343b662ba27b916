/**
 * The demo's applications (data/demo/applications/cases.json): cases of the demo's people in every
 * status, made by the module's own operations — apply, accept, refuse, 补正, opinions on each stage
 * (会签 included), resubmit, conclude, withdraw — so each case's history, audit entries, opinions,
 * certificate and 好差评 subject are what the real flow writes. Each step happens at a time given
 * in working days before the seed's "now" (`wd`, and the hour `h`): the clock the operations read is
 * moved step by step, so deadlines come out overdue or due soon relative to the day of seeding.
 * Notices are not sent (the people would be told of things that happened weeks ago); loaded once.
 */
import { BadRequestError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import type { ApplicationsContext } from '../context.js';
import type { CorrectionInput, Delivery } from '../forms.js';
import * as repo from '../repo.js';
import { slotsFor, type UploadInput } from '../submission.js';
import { concludeApplication } from './conclusion.js';
import { requestCorrection, resubmitCorrection } from './correction.js';
import { applyOnline, saveDraft, withdrawApplication } from './intake.js';
import { giveOpinion } from './review.js';
import { acceptApplication, refuseApplication } from './window.js';

export interface DemoStep {
  /** working days before the day of seeding (0: that day) */
  wd: number;
  /** the hour of that day (9.5 = 09:30) */
  h: number;
  do: 'draft' | 'apply' | 'accept' | 'refuse' | 'correct' | 'resubmit' | 'opine' | 'conclude' | 'withdraw';
  /** the staff member's username (staff steps) */
  by?: string;
  stage?: string;
  kind?: 'approve' | 'reject' | 'sendBack' | 'addDepartment';
  text?: string;
  reason?: string;
  items?: CorrectionInput['items'];
  decision?: 'grant' | 'deny';
  legalBasis?: string;
  validUntil?: string;
}

export interface DemoCase {
  /** the item's implementation code in the demo catalogue */
  item: string;
  /** the applicant's phone (a demo citizen or an enterprise's person) */
  applicant: string;
  /** the form's answers; "@-9d" / "@+30d": that many days before / after the step's day */
  answers: Record<string, unknown>;
  delivery?: Delivery;
  /** file names by slot; a required slot not named gets one file named after its material */
  files?: Record<string, string[]>;
  steps: DemoStep[];
  /** the applicant's 好差评 once concluded (the ratings module's demo shape) */
  rating?: Record<string, unknown>;
}

export interface DemoCases {
  cases: DemoCase[];
}

/** A concluded case the ratings seed rates (ratings' DemoRatings subject). */
export interface DemoRated {
  subjectRef: string;
  item: string;
  rater: string;
  concludedDaysAgo: number;
  rating: Record<string, unknown> | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A one-page PDF (what a scanned material looks like to the content check and to a viewer). */
export function demoPdf(title: string): Buffer {
  const text = `BT /F1 14 Tf 72 760 Td (${title.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const fileOf = (name: string): UploadInput => ({
  filename: name,
  data: /\.png$/i.test(name) ? PNG : /\.jpe?g$/i.test(name) ? JPEG : demoPdf('Shifan demo material'),
});

export async function seedDemoApplications(
  base: ApplicationsContext,
  content: DemoCases,
  principal: (who: { phone: string } | { username: string }) => Promise<Principal | undefined>,
): Promise<{ cases: number; byStatus: Record<string, number>; rated: DemoRated[] } | undefined> {
  if ((await repo.countApplications(base.db)) > 0) return undefined;
  const cal = base.calendar;
  const now = base.clock.now();
  let current = now;
  // the operations as they are, on a clock moved step by step; no notices (they would tell of the past)
  const ctx: ApplicationsContext = {
    ...base,
    clock: { now: () => current },
    notify: { enqueueMany: async () => undefined } as unknown as ApplicationsContext['notify'],
    accounts: { ...base.accounts, notifyAccount: async () => 0 },
    journeys: null,
  };
  const people = new Map<string, Promise<Principal | undefined>>();
  const who = async (key: { phone: string } | { username: string }) => {
    const name = 'phone' in key ? key.phone : key.username;
    if (!people.has(name)) people.set(name, principal(key));
    const p = await people.get(name);
    if (!p) throw new BadRequestError(`applications demo: no account ${name}`);
    return p;
  };
  const today = cal.localDate(now);
  const prevDay = (ymd: string) => new Date(Date.parse(`${ymd}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
  const dayOf = (wd: number) => {
    let d = today;
    for (let n = wd; n > 0; ) {
      d = prevDay(d);
      if (cal.isWorkday(d)) n--;
    }
    return d;
  };
  const shift = (at: Date, days: number) => cal.localDate(new Date(at.getTime() + days * DAY));
  const relative = (v: unknown, at: Date): unknown => {
    if (typeof v !== 'string') return v;
    const m = /^@([+-]\d+)d$/.exec(v);
    return m ? shift(at, Number(m[1])) : v;
  };
  const itemIds = new Map((await base.catalog.itemRefs({ codes: [...new Set(content.cases.map((c) => c.item))] })).map((r) => [r.implCode, r.id]));
  const byStatus: Record<string, number> = {};
  const rated: DemoRated[] = [];
  for (const c of content.cases) {
    const itemId = itemIds.get(c.item);
    if (!itemId) throw new BadRequestError(`applications demo: unknown item ${c.item}`);
    const applicant = await who({ phone: c.applicant });
    let no: string | undefined;
    let status = 'draft';
    let last = 0;
    for (const [i, s] of c.steps.entries()) {
      // that day at that hour, never in the future, each step after the one before
      const at = Math.min(cal.startOfDay(dayOf(s.wd)).getTime() + s.h * HOUR, now.getTime() - (c.steps.length - i) * 60_000);
      current = new Date(Math.max(at, last + 60_000));
      last = current.getTime();
      const answers = Object.fromEntries(Object.entries(c.answers).map(([k, v]) => [k, relative(v, current)]));
      const staff = s.by ? await who({ username: s.by }) : undefined;
      const ref = no as string;
      switch (s.do) {
        case 'draft':
          status = (await saveDraft(ctx, applicant, { itemId, answers, ...(c.delivery ? { delivery: c.delivery } : {}) })).status;
          break;
        case 'apply': {
          const def = await ctx.definitions?.definitionOf(itemId);
          const item = await ctx.item(itemId);
          if (!def || !item) throw new BadRequestError(`applications demo: ${c.item} is not online`);
          const files: Record<string, UploadInput[]> = {};
          for (const slot of slotsFor(item, def.form)) {
            const named = c.files?.[slot.key];
            if (named) files[slot.key] = named.map(fileOf);
            else if (slot.required && !slot.exempt) files[slot.key] = [fileOf(`${slot.name}.${slot.accept.includes('pdf') ? 'pdf' : 'jpg'}`)];
          }
          const receipt = await applyOnline(ctx, applicant, { itemId, answers, ...(c.delivery ? { delivery: c.delivery } : {}) }, { files });
          no = receipt.no ?? undefined;
          status = receipt.status;
          break;
        }
        case 'accept':
          status = (await acceptApplication(ctx, staff, { id: ref })).status;
          break;
        case 'refuse':
          status = (await refuseApplication(ctx, staff, { id: ref, reason: s.reason ?? '' })).status;
          break;
        case 'correct':
          status = (await requestCorrection(ctx, staff, { id: ref, items: s.items ?? [] })).status;
          break;
        case 'resubmit':
          status = (await resubmitCorrection(ctx, applicant, { id: ref })).status;
          break;
        case 'opine':
          status = (await giveOpinion(ctx, staff, { id: ref, stage: s.stage ?? '', kind: s.kind ?? 'approve', ...(s.text ? { text: s.text } : {}) })).status;
          break;
        case 'conclude':
          status = (
            await concludeApplication(ctx, staff, {
              id: ref,
              decision: s.decision ?? 'grant',
              reason: s.reason ?? '',
              ...(s.legalBasis ? { legalBasis: s.legalBasis } : {}),
              ...(s.validUntil ? { validUntil: String(relative(s.validUntil, current)) } : {}),
            })
          ).status;
          break;
        case 'withdraw':
          status = (await withdrawApplication(ctx, applicant, { id: ref, ...(s.reason ? { reason: s.reason } : {}) })).status;
          break;
      }
      // a case decided on submission (秒批) has no window or review steps left to take
      if (s.do === 'apply' && status !== 'submitted') break;
    }
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (no && (status === 'approved' || status === 'denied'))
      rated.push({ subjectRef: no, item: c.item, rater: c.applicant, concludedDaysAgo: Math.floor((now.getTime() - current.getTime()) / DAY), rating: c.rating ?? null });
  }
  current = now;
  return { cases: content.cases.length, byStatus, rated };
}
