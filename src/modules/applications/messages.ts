/**
 * The applications module's words: the catalogue's `applications.` keys
 * (src/lib/i18n/zh-Hans-applications.ts), looked up relative to the module.
 */
import { type MessageKey, t } from '../../lib/i18n/index.js';
import type { applicationMessages } from '../../lib/i18n/zh-Hans-applications.js';

type Prefixed = keyof typeof applicationMessages;
type Relative<P> = P extends `applications.${infer K}` ? K : never;
export type ApplicationMessageKey = Relative<Prefixed>;

/** Look a message up and fill in its `{name}` placeholders. */
export function msg(key: ApplicationMessageKey, vars?: Record<string, string | number>): string {
  return t(`applications.${key}` as MessageKey, vars);
}
