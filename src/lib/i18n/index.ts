/**
 * The message catalogue. Every user-visible string goes through `t`, so a deployment can
 * translate the portal by adding a catalogue; zh-Hans is the reference and the default.
 * A reader who chose 繁體 gets zh-Hant.ts's words where they differ from a plain conversion.
 */
import { prefs } from '../prefs.js';
import { messages as zhHans } from './zh-Hans.js';
import { hantOverrides } from './zh-Hant.js';

export type MessageKey = keyof typeof zhHans;
export type Vars = Record<string, string | number>;

const catalogues: Record<string, Record<MessageKey, string>> = { 'zh-Hans': zhHans };
let current: Record<MessageKey, string> = zhHans;

export function setLocale(locale: string): void {
  const found = catalogues[locale];
  if (!found) throw new Error(`unknown locale ${locale}`);
  current = found;
}

/** Look a message up and fill in its `{name}` placeholders. */
export function t(key: MessageKey, vars?: Vars): string {
  // 繁體 pages are converted as a whole when sent; these words differ beyond conversion
  const template = (prefs().hant && hantOverrides[key]) || (current[key] ?? key);
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}
