import { describe, expect, it } from 'vitest';
import { actionsFrom, correctionRefusal, FINAL_STATUSES, STATUSES, TRANSITIONS, transition } from './machine.js';

const before = { acceptedAt: null };
const after = { acceptedAt: new Date('2026-10-08T02:00:00Z') };

describe('the application state machine', () => {
  it('walks a case from draft to a permit', () => {
    const steps = [
      ['draft', 'submit', 'applicant', before],
      ['submitted', 'accept', 'window', before],
      ['accepted', 'opine', 'reviewer', after],
      ['reviewing', 'opine', 'reviewer', after],
      ['reviewing', 'grant', 'reviewer', after],
    ] as const;
    expect(steps.map(([from, action, who, facts]) => transition(from, action, who, facts)).map((s) => (s.ok ? s.to : s.message))).toEqual([
      'submitted',
      'accepted',
      'reviewing',
      'reviewing',
      'approved',
    ]);
  });

  it('lets the window refuse a case or ask for 补正 before accepting it, and the applicant withdraw it', () => {
    expect(transition('submitted', 'refuse', 'window', before)).toMatchObject({ ok: true, to: 'refused' });
    expect(transition('submitted', 'requestCorrection', 'window', before)).toMatchObject({ ok: true, to: 'correcting' });
    expect(transition('submitted', 'withdraw', 'applicant', before)).toMatchObject({ ok: true, to: 'withdrawn' });
    expect(transition('correcting', 'withdraw', 'applicant', before)).toMatchObject({ ok: true, to: 'withdrawn' });
  });

  it('sends a corrected case back where the 补正 came from', () => {
    expect(transition('correcting', 'resubmit', 'applicant', before)).toMatchObject({ ok: true, to: 'submitted' });
    expect(transition('correcting', 'resubmit', 'applicant', after)).toMatchObject({ ok: true, to: 'reviewing' });
  });

  it('refuses, in words, what the status or the actor does not allow', () => {
    expect(transition('accepted', 'withdraw', 'applicant', after)).toEqual({ ok: false, message: '当前状态为“已受理”，不能撤回申请' });
    expect(transition('correcting', 'withdraw', 'applicant', after)).toEqual({ ok: false, message: '当前状态为“补正中”，不能撤回申请' });
    expect(transition('submitted', 'accept', 'applicant', before)).toEqual({ ok: false, message: '当前状态为“已提交”，不能受理' });
    expect(transition('draft', 'accept', 'window', before).ok).toBe(false);
    expect(transition('approved', 'grant', 'reviewer', after)).toEqual({ ok: false, message: '当前状态为“已办结（准予许可）”，不能准予许可' });
    expect(transition('submitted', 'opine', 'reviewer', before).ok).toBe(false);
  });

  it('leaves a concluded, refused or withdrawn case alone', () => {
    for (const status of FINAL_STATUSES) {
      expect(actionsFrom(status, before)).toEqual([]);
      expect(actionsFrom(status, after)).toEqual([]);
    }
  });

  it('is one table: every status reachable, and never two rows for one choice', () => {
    const reached = new Set(['draft', ...TRANSITIONS.map((t) => t.to)]);
    expect([...reached].sort()).toEqual([...STATUSES].sort());
    const choices = TRANSITIONS.map((t) => `${t.from} ${t.action} ${t.who} ${t.when ?? ''}`);
    expect(new Set(choices).size).toBe(choices.length);
  });

  it('allows one 补正 per case, a second only with a justification', () => {
    expect(correctionRefusal(0, undefined)).toBeUndefined();
    expect(correctionRefusal(1, '  ')).toBe('本件已通知过一次补正，再次补正须写明理由');
    expect(correctionRefusal(1, '第一次补正的材料仍缺少股东签字页')).toBeUndefined();
  });
});
