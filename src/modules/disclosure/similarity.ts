/**
 * A small similarity a clerk can check by eye: the Dice coefficient of the two texts' Chinese
 * character pairs (bigrams) — an article's title and keywords against an item's name and
 * aliases — with the words they share as the reason shown. Enough to propose links for staff to
 * confirm; the search module's ranking (synonyms, pinyin, everyday names) should take over once
 * its new index can be asked for "items like this text" (noted in decision 0022).
 */
const NOISE = /[关于的和与及等做好进一步加强工作通知意见办法实施方案规定印发示范市年度]/g;

export function bigrams(text: string): Set<string> {
  const chars = [...text.replace(/[^\u4e00-\u9fa5A-Za-z0-9]/g, ' ')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i] as string;
    const b = chars[i + 1] as string;
    if (a !== ' ' && b !== ' ') out.add(a + b);
  }
  return out;
}

/** Content words only: the pairs that remain once the words every notice has are taken out. */
export const contentBigrams = (text: string) => bigrams(text.replace(NOISE, ' '));

export function similarity(a: Set<string>, b: Set<string>): { score: number; shared: string[] } {
  if (!a.size || !b.size) return { score: 0, shared: [] };
  const shared = [...a].filter((x) => b.has(x));
  return { score: (2 * shared.length) / (a.size + b.size), shared };
}

/** Words of a title worth asking the catalogue for candidates: its keywords and its longer runs of content characters. */
export function probes(title: string, keywords: string[]): string[] {
  const runs = title
    .replace(NOISE, ' ')
    .split(/[^\u4e00-\u9fa5]+/)
    .filter((w) => w.length >= 2);
  const pieces = runs.flatMap((w) => (w.length <= 4 ? [w] : [w.slice(0, 4), w.slice(-4), w.slice(0, 2), w.slice(-2)]));
  return [...new Set([...keywords.filter((k) => k.length >= 2), ...pieces])].slice(0, 12);
}
