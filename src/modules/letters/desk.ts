/**
 * What letters put on the back office's work desk (/admin): the person's cases to dispatch, handle
 * and review, and those due soon or overdue. The desk takes it by shape (admin/desk.ts).
 */
import type { Principal } from '../../lib/principal.js';
import { t } from '../../lib/i18n/index.js';

/** letters' to-do counts (`createLetterTodo`) */
export function letterDesk(todo: {
  counts(p: Principal): Promise<{ dispatch?: number; handle?: number; review?: number; dueSoon: number; overdue: number } | undefined>;
}){
  return {
    key: 'letters',
    async todo(p: Principal) {
      const l = await todo.counts(p);
      if (!l) return [];
      const rows = [];
      if (l.dispatch !== undefined) rows.push({ order: 10, n: l.dispatch, label: t('todo.dispatch'), href: '/admin/letters?status=dispatching' });
      if (l.handle !== undefined) rows.push({ order: 20, n: l.handle, label: t('todo.handle'), href: '/admin/letters?status=handling' });
      if (l.review !== undefined) rows.push({ order: 30, n: l.review, label: t('todo.review'), href: '/admin/letters?status=reviewing' });
      rows.push({ order: 50, n: l.dueSoon, label: t('todo.dueSoon'), href: '/admin/letters?status=all&due=soon', alert: l.dueSoon > 0 });
      rows.push({ order: 60, n: l.overdue, label: t('todo.overdue'), href: '/admin/letters?status=all&overdue=1', alert: l.overdue > 0 });
      return rows;
    },
  };
}
