/**
 * Cleaning free text from users before it goes anywhere: no NUL or other control characters
 * (PostgreSQL rejects NUL; the rest only hide things), no lone surrogates, Unicode NFC.
 * Line breaks and tabs are kept where the text may have several lines.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function cleanText(input: string, options: { multiline?: boolean; max?: number } = {}): string {
  let s = input.toWellFormed().normalize('NFC');
  s = s.replace(options.multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE, options.multiline ? '' : ' ');
  if (options.max !== undefined && s.length > options.max) s = s.slice(0, options.max);
  return options.multiline ? s.replace(/\r\n?/g, '\n').trim() : s.replace(/\s+/g, ' ').trim();
}
