/**
 * Reading journey content from a demo-style folder: journeys/<slug>.json, questions/<slug>.json,
 * life-events.json and push-rules.json. Journeys are ordered by domain (the order of DOMAINS),
 * then by slug, so the portal lists them the same way on every load.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAINS, type JourneyBundle, type JourneyInput, type QuestionSetInput, emptyBundle } from './model.js';

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

function readFolder<T>(folder: string): T[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readJson<T>(join(folder, f)));
}

/** True when the folder holds journey content at all. */
export const hasJourneyContent = (dir: string) => existsSync(join(dir, 'journeys'));

export function readJourneyDir(dir: string): JourneyBundle {
  const bundle = emptyBundle();
  const rank = (j: JourneyInput) => {
    const i = (DOMAINS as readonly string[]).indexOf(j.domain);
    return i < 0 ? DOMAINS.length : i;
  };
  bundle.journeys = readFolder<JourneyInput>(join(dir, 'journeys')).sort((a, b) => rank(a) - rank(b) || a.slug.localeCompare(b.slug));
  bundle.questionSets = readFolder<QuestionSetInput>(join(dir, 'questions'));
  const events = join(dir, 'life-events.json');
  if (existsSync(events)) bundle.lifeEvents = readJson(events);
  const rules = join(dir, 'push-rules.json');
  if (existsSync(rules)) bundle.pushRules = readJson(rules);
  return bundle;
}
