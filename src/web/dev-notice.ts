/** Outside production, beside every "code sent": the code went to the development inbox, and where that is. */
import { html, type SafeHtml } from './html.js';
import { t } from '../lib/i18n/index.js';

export function devInboxNotice(channel: 'sms' | 'email' | undefined): SafeHtml | '' {
  if (!channel) return '';
  return html`<p class="notice dev-inbox-notice" role="note">${t(channel === 'sms' ? 'dev.inbox.notice' : 'dev.inbox.noticeEmail')} <a href="/dev/inbox" target="_blank" rel="noopener">${t('dev.inbox.open')}</a></p>`;
}
