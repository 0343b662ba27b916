/** The work desk's slot: modules' to-do counts and cards, in their order, each kind registered once. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../lib/principal.js';
import { createWorkDesk } from './desk.js';
import { draftDesk } from '../catalog/index.js';
import { letterDesk } from '../letters/index.js';

const person = (role: Principal['role']): Principal => ({ userId: 1, kind: 'staff', name: '测试', username: 'x', role, departmentId: 1, enterpriseId: null, enterpriseRole: null });

describe('work desk', () => {
  it('merges the modules’ to-do counts by their order, whichever registered first', async () => {
    const desk = createWorkDesk();
    desk.register(draftDesk({ counts: async () => ({ mine: 1, waiting: 4, rejected: 0 }) }));
    desk.register(letterDesk({ counts: async () => ({ handle: 2, review: 3, dueSoon: 1, overdue: 0 }) }));
    const todo = await desk.todo(person('reviewer'));
    expect(todo.map((r) => [r.n, r.href])).toEqual([
      [2, '/admin/letters?status=handling'],
      [3, '/admin/letters?status=reviewing'],
      [4, '/admin/drafts?status=review'],
      [1, '/admin/letters?status=all&due=soon'],
      [0, '/admin/letters?status=all&overdue=1'],
    ]);
    expect(todo.find((r) => r.n === 1)?.alert).toBe(true);
  });

  it('shows what a person’s role has and nothing else, and keeps the first provider of a kind', async () => {
    const desk = createWorkDesk();
    desk.register(letterDesk({ counts: async () => undefined }));
    desk.register(letterDesk({ counts: async () => ({ dispatch: 9, dueSoon: 0, overdue: 0 }) }));
    desk.register(draftDesk({ counts: async () => undefined }));
    expect(await desk.todo(person('handler'))).toEqual([]);
    expect(await desk.cards(person('handler'))).toEqual([]);
    expect(desk.providers()).toHaveLength(2);
  });

  it('asks the drafts once for a reviewer’s to-do and card together', async () => {
    let asked = 0;
    const desk = createWorkDesk();
    desk.register(
      draftDesk({
        counts: async () => {
          asked++;
          return { mine: 0, waiting: 2, rejected: 1 };
        },
      }),
    );
    const p = person('reviewer');
    await Promise.all([desk.todo(p), desk.cards(p)]);
    expect(asked).toBe(1);
    expect((await desk.cards(p)).map((c) => c.href)).toEqual(['/admin/drafts']);
  });
});
