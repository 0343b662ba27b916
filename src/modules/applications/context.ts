/**
 * What every applications operation receives: the database, the clock and the working-day
 * calendar, the file store, and what it uses of other modules (their faces, cut down to the
 * methods called here). The definitions, certificates, ratings and journeys faces are optional:
 * null when not wired (faces.ts says what each absence means). Built once by the face
 * (index.ts); a test builds its own with an in-memory DefinitionSource.
 */
import type { Database } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import type { FileStore } from '../../lib/files/index.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import {
  type AccountService,
  type CatalogService,
  type CertificatesFace,
  type DefinitionSource,
  type DepartmentName,
  type JourneyService,
  type NotifyService,
  type RatingsFace,
  recordAudit,
} from './faces.js';
import type { GuideMaterial } from './materials.js';

export interface Clock {
  now(): Date;
}

export interface ApplicationsDeps {
  catalog: Pick<CatalogService, 'departmentNames' | 'getGuide' | 'itemRefs'>;
  accounts: Pick<AccountService, 'account' | 'verifiedPhone' | 'contactsFor' | 'notifyAccount' | 'userNames'> & Partial<Pick<AccountService, 'idNumberMatches'>>;
  notify: Pick<NotifyService, 'enqueueMany'>;
  changes: ChangeBus;
  calendar: WorkCalendar;
  files: FileStore;
  /** the published online forms and routes (apps-auto's definitions/); null: no item is online */
  definitions?: DefinitionSource | null;
  /** 电子证照 issued on 准予; null: none issued */
  certificates?: CertificatesFace | null;
  /** 好差评 opened on conclusion; null: none opened */
  ratings?: RatingsFace | null;
  /** the reminders that follow a concluded item (一件事); null: none fired */
  journeys?: Pick<JourneyService, 'applicationConcluded'> | null;
  /** the portal's address, for links in notices and certificates */
  publicUrl?: string;
  clock?: Clock;
}

/** What an operation needs of an item's guide (办事指南). */
export interface ItemFacts {
  id: number;
  implCode: string;
  name: string;
  departmentId: number;
  departmentName: string;
  /** 承诺时限 in working days (0: 即办件) */
  promisedDays: number;
  legalBasis: string[];
  /** every material of the guide; `exempt`: 免提交, the department fetches it (共享获取) */
  materials: (GuideMaterial & { exempt: boolean })[];
  /** the halls the guide names (办理地点): where a result can be picked up */
  halls: { slug: string; name: string; address: string }[];
}

export interface ApplicationsContext {
  database: Database;
  db: Database['db'];
  clock: Clock;
  calendar: WorkCalendar;
  files: FileStore;
  catalog: ApplicationsDeps['catalog'];
  accounts: ApplicationsDeps['accounts'];
  notify: ApplicationsDeps['notify'];
  audit: { record: typeof recordAudit };
  definitions: DefinitionSource | null;
  certificates: CertificatesFace | null;
  ratings: RatingsFace | null;
  journeys: Pick<JourneyService, 'applicationConcluded'> | null;
  publicUrl: string;
  /** an item's guide facts, kept until the catalogue changes; undefined for an unknown item */
  item(id: number): Promise<ItemFacts | undefined>;
  /** departments by id (the catalog's cached map) and by slug (routes name departments by slug) */
  departments(): Promise<{ byId: ReadonlyMap<number, DepartmentName>; bySlug: ReadonlyMap<string, DepartmentName> }>;
}

/** A material the applicant need not hand in: the guide says the department gets it itself. */
const EXEMPT = /免提交|免于提交|无需提交|共享获取|部门调取|数据共享/;

export function createApplicationsContext(database: Database, deps: ApplicationsDeps): ApplicationsContext {
  const items = new Map<number, Promise<ItemFacts | undefined>>();
  deps.changes.subscribe('catalog', () => items.clear());
  const item = (id: number) => {
    let found = items.get(id);
    if (!found) {
      if (items.size > 5000) items.clear();
      found = deps.catalog.getGuide(id).then(
        (g) => ({
          id: g.id,
          implCode: g.implCode,
          name: g.name,
          departmentId: g.department.id,
          departmentName: g.department.name,
          promisedDays: g.timeLimits.promisedDays,
          legalBasis: g.legalBasis,
          materials: g.materials.map((m) => ({ name: m.name, required: m.required, exempt: EXEMPT.test(`${m.source} ${m.note ?? ''}`) })),
          halls: (g.halls ?? []).map((h) => ({ slug: h.slug, name: h.name, address: h.address })),
        }),
        (e: unknown) => {
          items.delete(id);
          if ((e as { status?: number }).status === 404) return undefined;
          throw e;
        },
      );
      items.set(id, found);
    }
    return found;
  };
  return {
    database,
    db: database.db,
    clock: deps.clock ?? { now: () => new Date() },
    calendar: deps.calendar,
    files: deps.files,
    catalog: deps.catalog,
    accounts: deps.accounts,
    notify: deps.notify,
    audit: { record: recordAudit },
    definitions: deps.definitions ?? null,
    certificates: deps.certificates ?? null,
    ratings: deps.ratings ?? null,
    journeys: deps.journeys ?? null,
    publicUrl: deps.publicUrl ?? '',
    item: (id) => (Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? item(id) : Promise.resolve(undefined)),
    async departments() {
      const byId = await deps.catalog.departmentNames();
      return { byId, bySlug: new Map([...byId.values()].map((d) => [d.slug, d])) };
    },
  };
}
