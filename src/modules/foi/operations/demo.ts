/**
 * The demo's requests (data/demo/foi-requests.json), made through the same operations staff and
 * applicants use, each step on its own day counted back from today: so on any day the demo is
 * loaded there are requests running, awaiting 补正, corrected, extended, paused for a third
 * party's opinion, answered in each of the six ways, and overdue. Staff steps are taken by the
 * department's 依申请公开 office (a system principal); 补正 answers by the demo citizen, who filed
 * those requests online. Loaded once: nothing is done when requests exist.
 */
import type { Database } from '../../../db/client.js';
import type { Principal } from '../../../lib/principal.js';
import { addDays } from '../clock.js';
import { createFoiContext, type FoiDeps } from '../context.js';
import * as repo from '../repo.js';
import { correctRequest, endConsultation, extendRequest, noticeCorrection, replyRequest, startConsultation } from './handling.js';
import { registerRequest, submitRequest } from './intake.js';
import { draftPublication } from '../publication.js';
import { preparePublication, publishPublication, withdrawPublication } from './publication.js';

export interface DemoStep {
  /** days after the request's event day */
  after: number;
  action: 'noticeCorrection' | 'correct' | 'extend' | 'startConsultation' | 'endConsultation' | 'reply' | 'preparePublication' | 'publishPublication' | 'withdrawPublication';
  note?: string;
  text?: string;
  reason?: string;
  party?: string;
  replyType?: string;
  ground?: string;
  body?: string;
  /** 公开理由 of a reply published for everyone: 'consent' | 'publicInterest' */
  basis?: string;
}

export interface DemoRequest {
  department: string;
  /** 'online' is filed by the demo citizen; other channels are registered by staff */
  channel: string;
  /** days before today of the channel's event */
  daysAgo?: number;
  /** or a day of last year ('MM-DD'): the requests the demo's annual reports count */
  onLastYear?: string;
  applicant: { kind: 'citizen' | 'enterprise'; name: string; idNo: string; phone?: string; address?: string };
  description: string;
  purpose?: string;
  steps?: DemoStep[];
}

export async function seedDemoRequests(
  database: Database,
  deps: FoiDeps,
  data: DemoRequest[],
  o: { departmentIds: ReadonlyMap<string, number>; citizen?: Principal },
): Promise<{ requests: number } | undefined> {
  if ((await repo.countAll(database.db)) > 0) return undefined;
  const names = await deps.catalog.departmentNames();
  const today = deps.calendar.localDate(deps.clock?.now() ?? new Date());
  const at = (day: string) => createFoiContext(database, { ...deps, clock: { now: () => new Date(`${day}T04:00:00Z`) } });
  let made = 0;
  for (const d of data) {
    const departmentId = o.departmentIds.get(d.department);
    if (!departmentId) throw new Error(`foi demo: no department ${d.department}`);
    const office: Principal = { userId: 0, kind: 'staff', name: `${names.get(departmentId)?.name ?? ''}政府信息公开工作机构`, username: null, role: 'admin', departmentId: null, enterpriseId: null, enterpriseRole: null };
    // a reply is published for everyone by someone other than who prepared its wording (four eyes)
    const head: Principal = { ...office, userId: -1, name: `${office.name}负责人` };
    const eventOn = d.onLastYear ? `${Number(today.slice(0, 4)) - 1}-${d.onLastYear}` : addDays(today, -(d.daysAgo ?? 0));
    const input = {
      departmentId,
      applicantKind: d.applicant.kind,
      applicantName: d.applicant.name,
      applicantIdNo: d.applicant.idNo,
      phone: d.applicant.phone ?? '',
      address: d.applicant.address ?? '',
      description: d.description,
      purpose: d.purpose ?? '',
      format: 'electronic',
      delivery: d.applicant.address ? 'post' : 'pickup',
    };
    const online = d.channel === 'online' && o.citizen;
    let view = online ? await submitRequest(at(eventOn), o.citizen, { ...input, delivery: 'online' }, { source: 'web' }) : await registerRequest(at(eventOn), office, { ...input, channel: d.channel === 'online' ? 'in_person' : d.channel, eventOn });
    for (const s of d.steps ?? []) {
      const day = addDays(eventOn, s.after);
      if (day > today) break;
      const ctx = at(day);
      const target = { id: view.id, version: view.version };
      if (s.action === 'noticeCorrection') view = await noticeCorrection(ctx, office, { ...target, note: s.note });
      else if (s.action === 'correct' && o.citizen) view = await correctRequest(ctx, o.citizen, { ...target, text: s.text });
      else if (s.action === 'extend') view = await extendRequest(ctx, office, { ...target, reason: s.reason });
      else if (s.action === 'startConsultation') view = await startConsultation(ctx, office, { ...target, party: s.party });
      else if (s.action === 'endConsultation') view = await endConsultation(ctx, office, { ...target, note: s.note });
      else if (s.action === 'reply') view = await replyRequest(ctx, office, { ...target, replyType: s.replyType, ground: s.ground, body: s.body });
      else if (s.action === 'preparePublication') {
        const row = await repo.byId(database.db, view.id);
        await preparePublication(ctx, office, { id: view.id, basis: s.basis, ...draftPublication(row!, names.get(departmentId)?.name ?? '') });
      } else if (s.action === 'publishPublication') await publishPublication(ctx, head, { id: view.id });
      else if (s.action === 'withdrawPublication') await withdrawPublication(ctx, head, { id: view.id, reason: s.reason });
    }
    made++;
  }
  return { requests: made };
}
