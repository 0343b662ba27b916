/**
 * The audit log in words: each action and kind of record has a Chinese name in the message
 * catalogue (`audit.actionLabel.<action>`); an action without one yet shows its raw name, so a
 * new action is never hidden, only unnamed until someone names it.
 */
import { type MessageKey, t } from '../../lib/i18n/index.js';

function labelOr(prefix: string, raw: string): string {
  const key = `${prefix}${raw}` as MessageKey;
  const label = t(key);
  return label === key ? raw : label;
}

export const actionLabel = (action: string) => labelOr('audit.actionLabel.', action);
export const entityLabel = (entity: string) => labelOr('audit.entityLabel.', entity);

/** Every action the portal records today, for the audit filter's list. */
export const KNOWN_ACTIONS = [
  'account.signup',
  'account.reset',
  'account.profile',
  'account.password',
  'enterprise.member.add',
  'enterprise.member.status',
  'user.create',
  'user.update',
  'user.password',
  'token.create',
  'token.revoke',
  'catalog.import',
  'catalog.publish',
  'item.status',
  'journeys.import',
  'notify.retry',
  'search.synonym.add',
  'search.synonym.remove',
  'search.bestBet',
  'dispatch_rule.created',
  'dispatch_rule.deleted',
  'letter.received',
  'letter.assigned',
  'letter.merged',
  'letter.returned',
  'letter.reply_submitted',
  'letter.reply_returned',
  'letter.replied',
  'letter.extension_requested',
  'letter.extended',
  'letter.extension_rejected',
  'letter.rated',
  'letter.reopened',
  'letter.supervised',
];
