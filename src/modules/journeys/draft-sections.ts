/**
 * Journey content under the catalogue's draft → review → publish workflow: journeys, guided
 * question sets, life events and push rules are four sections of portal-wide records. A draft
 * is read from the form in the notation of `notation.ts`, checked exactly as publishing checks
 * it (references, and no loop among push rules), and published through `importBundle`.
 */
import { ValidationError } from '../../lib/errors.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';
import type { DraftSection } from '../catalog/index.js';
import { type JourneyBundle, emptyBundle } from './model.js';
import * as notation from './notation.js';
import type { Section } from './present.js';
import type { JourneyService } from './service.js';

type Column = DraftSection['columns'][number];

const col = (key: string, header: MessageKey, extra: Partial<Column> = {}): Column => ({ key, header: t(header), ...extra });

const COLUMNS: Record<Section, Column[]> = {
  journeys: [
    col('slug', 'journeys.field.slug', { hint: t('journeys.hint.slug') }),
    col('title', 'journeys.field.title'),
    col('domain', 'journeys.field.domain', { hint: t('journeys.hint.domain') }),
    col('audience', 'journeys.field.audience', { hint: t('journeys.hint.audience') }),
    col('summary', 'journeys.field.summary', { long: true }),
    col('keywords', 'journeys.field.keywords', { long: true, hint: t('catalogAdmin.hintLines') }),
    col('steps', 'journeys.field.steps', { long: true, hint: t('journeys.hint.steps') }),
  ],
  questionSets: [
    col('slug', 'journeys.field.slug', { hint: t('journeys.hint.slug') }),
    col('title', 'journeys.field.title'),
    col('intro', 'journeys.field.intro', { long: true }),
    col('questions', 'journeys.field.questions', { long: true, hint: t('journeys.hint.questions') }),
    col('outcomes', 'journeys.field.outcomes', { long: true, hint: t('journeys.hint.outcomes') }),
  ],
  lifeEvents: [
    col('slug', 'journeys.field.slug', { hint: t('journeys.hint.slug') }),
    col('title', 'journeys.field.title'),
    col('audience', 'journeys.field.audience', { hint: t('journeys.hint.audience') }),
    col('summary', 'journeys.field.summary', { long: true }),
    col('entries', 'journeys.field.entries', { long: true, hint: t('journeys.hint.entries') }),
  ],
  pushRules: [
    col('slug', 'journeys.field.slug', { hint: t('journeys.hint.slug') }),
    col('trigger', 'journeys.field.trigger', { hint: t('journeys.hint.trigger') }),
    col('remind', 'journeys.field.remind', { long: true, hint: t('journeys.hint.remind') }),
    col('delayDays', 'journeys.field.delayDays', { hint: t('journeys.hint.delayDays') }),
    col('message', 'journeys.field.message', { long: true }),
  ],
};

const LABELS: Record<Section, MessageKey> = {
  journeys: 'journeys.kind.journey',
  questionSets: 'journeys.kind.questions',
  lifeEvents: 'journeys.kind.lifeEvent',
  pushRules: 'journeys.kind.pushRule',
};

/** Records ↔ cells, per section. */
const CODECS = {
  journeys: { toCells: notation.journeyCells, read: notation.readJourney },
  questionSets: { toCells: notation.questionSetCells, read: notation.readQuestionSet },
  lifeEvents: { toCells: notation.lifeEventCells, read: notation.readLifeEvent },
  pushRules: { toCells: notation.pushRuleCells, read: notation.readPushRule },
} as const;

function bundleOf(section: Section, record: Record<string, unknown>): JourneyBundle {
  const bundle = emptyBundle();
  (bundle[section] as unknown[]).push(record);
  return bundle;
}

export function journeyDraftSections(journeys: JourneyService): DraftSection[] {
  return (Object.keys(COLUMNS) as Section[]).map((section) => {
    const columns = COLUMNS[section];
    const codec = CODECS[section] as { toCells: (r: never) => notation.Cells; read: (c: notation.Cells, r: notation.Reader) => object };
    const headers = Object.fromEntries(columns.map((c) => [c.key, c.header]));
    const fieldLabel = (path: string) => {
      const key = /^\/([A-Za-z]+)/.exec(path)?.[1] ?? '';
      return headers[key] ? `${headers[key]}${path.slice(key.length + 1)}` : path;
    };
    return {
      name: section,
      label: t(LABELS[section]),
      keyField: 'slug',
      menu: '/admin/journeys',
      group: t('admin.nav.journeys'),
      columns,
      toCells: (record) => codec.toCells(record as never),
      async decode(cells) {
        const reader = new notation.Reader(headers);
        const record = codec.read(cells, reader) as Record<string, unknown>;
        const problems = reader.problems.length ? reader.problems : await journeys.validate(bundleOf(section, record));
        if (problems.length)
          throw new ValidationError(
            t('journeys.invalid', { count: problems.length }),
            problems.map((p) => ({ ...p, where: t('draft.where'), field: fieldLabel(p.field) })),
          );
        return record;
      },
      exportRecord: (key) => journeys.exportRecord(section, key),
      publish: (record, options) => journeys.importBundle(bundleOf(section, record), options),
      records: () => journeys.records(section),
    };
  });
}
