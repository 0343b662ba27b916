/**
 * `yimen search …`: what operators need until the back office has it — the zero-result and hot
 * query report, the synonym dictionary in and out, best bets, and a full re-index.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createServices } from '../app.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { type SynonymEntry, writeIndexSnapshot } from '../modules/search/index.js';
import { progressBar } from './progress.js';

const USAGE = `usage:
  yimen search report [--days N]                 most searched queries and those that found nothing
  yimen search synonyms --export FILE            write the synonym dictionary (JSON)
  yimen search synonyms --import FILE            replace it (entries {"terms":[…]} or {"from":[…],"to":[…]})
  yimen search best-bet "QUERY" KEY [KEY …]      pin documents (item:12, department:3 …) first for a query
  yimen search best-bet "QUERY" --clear          remove the pins of a query
  yimen search reindex                           rebuild every search document: catalogue, journeys, public letters
  yimen search snapshot [--rebuild] [--force]    analyse the search documents and write the index snapshot every
                                                 portal process starts from (run it after a bulk import;
                                                 --rebuild analyses everything, --force writes even when current)`;

export async function searchCommand(config: Config, database: Database, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'snapshot') return snapshotCommand(database, rest);
  const services = await createServices(config, database, { search: 'write' });
  try {
    switch (sub) {
      case 'report': {
        const { values } = parseArgs({ args: rest, options: { days: { type: 'string', default: '30' } } });
        const days = Number(values.days);
        if (!Number.isInteger(days) || days < 1 || days > 3650) {
          console.error('--days must be a whole number from 1 to 3650');
          return 2;
        }
        const hot = await services.search.topQueries(days, 30);
        const zero = await services.search.zeroResultQueries(days, 100);
        console.log(`most searched, last ${days} days:`);
        for (const q of hot) console.log(`  ${String(q.count).padStart(6)}  ${q.query}`);
        console.log(`\nfound nothing, last ${days} days (add synonyms or content for these):`);
        for (const q of zero) console.log(`  ${String(q.count).padStart(6)}  ${q.query}   (last ${q.last})`);
        return 0;
      }
      case 'synonyms': {
        const { values } = parseArgs({ args: rest, options: { export: { type: 'string' }, import: { type: 'string' } } });
        if (values.export) {
          const rows = await services.search.listSynonyms();
          const out = rows.map((r) => (r.targets ? { from: r.terms, to: r.targets } : { terms: r.terms }));
          writeFileSync(values.export, `${JSON.stringify(out, null, 1)}\n`);
          console.log(`wrote ${out.length} synonym entries to ${values.export}`);
          return 0;
        }
        if (values.import) {
          const entries = parseSynonyms(readFileSync(values.import, 'utf8'));
          if (typeof entries === 'string') {
            console.error(`synonyms not imported: ${entries}`);
            return 1;
          }
          await services.search.replaceSynonyms(entries);
          console.log(`imported ${entries.length} synonym entries; every portal process picks them up at once`);
          return 0;
        }
        console.error(USAGE);
        return 2;
      }
      case 'best-bet': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { clear: { type: 'boolean' } } });
        const [query, ...keys] = positionals;
        if (!query || (!values.clear && !keys.length) || keys.some((k) => !/^[a-z]+:\d+(:\d+)?$/.test(k))) {
          console.error(USAGE);
          return 2;
        }
        await services.search.setBestBets(query, values.clear ? [] : keys);
        console.log(values.clear ? `cleared the best bets of “${query}”` : `“${query}” now shows ${keys.join(', ')} first`);
        return 0;
      }
      case 'reindex': {
        const bar = progressBar('reindex');
        await services.catalog.reindexAll(bar.update);
        bar.done();
        await services.journeys.reindex();
        const letters = await services.letters.reindex();
        console.log(`search documents rebuilt: the catalogue, ${(await services.journeys.listJourneys({ limit: 1, offset: 0 })).total} journeys, ${letters} public letters`);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await services.close();
  }
}

/** `yimen search snapshot`: the index built here, once, and left for every serving process. */
async function snapshotCommand(database: Database, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { rebuild: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } } });
  const started = Date.now();
  const bar = progressBar('analysing search documents');
  const { stats, written, postings } = await writeIndexSnapshot(database, { rebuild: values.rebuild, force: values.force, onProgress: bar.update });
  bar.done();
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  const from = stats.source === 'snapshot' ? `from the snapshot of ${stats.snapshotDocuments} documents (${mb(stats.snapshotBytes)}) and ` : '';
  console.log(`index of ${stats.documents} documents built ${from}${stats.analysedDocuments} analysed in ${((Date.now() - started) / 1000).toFixed(1)} s; postings ${postings.postings} in ${mb(postings.bytes)}`);
  if (!written) console.log('the newest snapshot already holds every document: nothing written');
  else if (stats.lastSnapshotWrite) console.log(`snapshot written: ${stats.lastSnapshotWrite.documents} documents, ${mb(stats.lastSnapshotWrite.bytes)} in ${(stats.lastSnapshotWrite.ms / 1000).toFixed(1)} s`);
  return 0;
}

/** The synonym file's entries, or a message saying what is wrong with it. */
export function parseSynonyms(text: string): SynonymEntry[] | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return `not valid JSON (${(e as Error).message})`;
  }
  if (!Array.isArray(raw)) return 'expected a JSON array';
  const out: SynonymEntry[] = [];
  const words = (v: unknown) => Array.isArray(v) && v.length > 0 && v.length <= 20 && v.every((w) => typeof w === 'string' && w.trim().length > 0 && w.length <= 30);
  for (const [i, e] of raw.entries()) {
    const entry = e as { terms?: unknown; from?: unknown; to?: unknown };
    if (entry && words(entry.terms) && (entry.terms as string[]).length >= 2) out.push({ terms: entry.terms as string[], targets: null });
    else if (entry && words(entry.from) && words(entry.to)) out.push({ terms: entry.from as string[], targets: entry.to as string[] });
    else return `entry ${i + 1} must be {"terms": [two or more words]} or {"from": [words], "to": [words]}`;
  }
  return out;
}
