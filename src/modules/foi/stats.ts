/**
 * The statistics of requests for the annual report (Art. 50 of the 2019 条例, table 三): received
 * in a year by applicant kind and channel, replied by type, extensions, 补正 notices, fees.
 */
import type { FoiContext } from './context.js';
import { CHANNELS, REPLY_TYPES, type ReplyType } from './model.js';
import * as repo from './repo.js';

export interface FoiStatistics {
  year: number;
  departmentId: number | null;
  received: number;
  byApplicant: { citizen: number; enterprise: number };
  byChannel: Record<string, number>;
  replied: number;
  byReplyType: Record<ReplyType, number>;
  open: number;
  extended: number;
  correctionNotices: number;
  feeCharged: number;
  feeYuan: number;
}

export async function foiStatistics(ctx: Pick<FoiContext, 'db'>, q: { year: number; departmentId?: number }): Promise<FoiStatistics> {
  const year = Number.isSafeInteger(q.year) && q.year >= 1970 && q.year <= 9999 ? q.year : 1970;
  const rows = await repo.receivedBetween(ctx.db, `${year}-01-01`, `${year + 1}-01-01`, q.departmentId);
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<string, number>;
  const byReplyType = Object.fromEntries(REPLY_TYPES.map((c) => [c, 0])) as Record<ReplyType, number>;
  const s: FoiStatistics = { year, departmentId: q.departmentId ?? null, received: rows.length, byApplicant: { citizen: 0, enterprise: 0 }, byChannel, replied: 0, byReplyType, open: 0, extended: 0, correctionNotices: 0, feeCharged: 0, feeYuan: 0 };
  for (const r of rows) {
    if (r.applicantKind === 'enterprise') s.byApplicant.enterprise++;
    else s.byApplicant.citizen++;
    byChannel[r.channel] = (byChannel[r.channel] ?? 0) + 1;
    if (r.status === 'replied' && r.replyType) {
      s.replied++;
      byReplyType[r.replyType as ReplyType]++;
    } else s.open++;
    if (r.extended) s.extended++;
    if (r.correctionNoticeOn) s.correctionNotices++;
    if (r.feeApplies) {
      s.feeCharged++;
      s.feeYuan += r.feeYuan;
    }
  }
  return s;
}
