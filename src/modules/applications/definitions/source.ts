/**
 * The published definitions as the applications module reads them (DefinitionSource of the
 * contract): an item's latest version to start a case with, the exact version a submitted case
 * used, the bundles; and the 在线办理 button on the item's guide page.
 */
import type { Database } from '../../../db/client.js';
import { t } from '../../../lib/i18n/index.js';
import { type SafeHtml, html } from '../../../web/html.js';
import type { RouteDefinition } from '../approval.js';
import { type Automation, automationOf } from '../automation/notation.js';
import type { BundleDefinition } from '../automation/bundles.js';
import type { FormDefinition } from '../form-notation.js';
import { type CatalogPart, ONLINE } from './check.js';
import * as repo from './repo.js';
import type { DefinitionSource, ItemDefinition } from './types.js';

const toDefinition = (row: repo.DefinitionRow): ItemDefinition & { automation: Automation | null } => ({
  itemId: row.itemId,
  version: row.version,
  form: row.form as FormDefinition,
  route: row.route as RouteDefinition,
  automation: automationOf(row.automation),
});

export interface Definitions extends DefinitionSource {
  definitionOf(itemId: number): Promise<(ItemDefinition & { automation: Automation | null }) | null>;
  /** the version a submitted case used (unchanged by later publications) */
  definitionVersion(itemId: number, version: number): Promise<(ItemDefinition & { automation: Automation | null }) | null>;
  /** the items that have a published definition, with their latest version */
  published(): Promise<{ itemId: number; itemCode: string; version: number }[]>;
  /** every item's latest definition that has automation rules (for the 免申即享 job and 秒批) */
  automated(): Promise<(ItemDefinition & { automation: Automation })[]>;
  bundleOf(slug: string): Promise<(BundleDefinition & { version: number }) | null>;
  bundles(): Promise<(BundleDefinition & { version: number })[]>;
}

/**
 * The definitions, read from the database. With the catalogue, an item whose guide no longer
 * says it can be handled online has no definition (no new cases start), whatever was published.
 */
export function createDefinitionSource(db: Database['db'], catalog?: Pick<CatalogPart, 'getGuide'>): Definitions {
  const online = async (itemId: number) => {
    if (!catalog) return true;
    try {
      return ((await catalog.getGuide(itemId)).handlingForms as readonly string[]).includes(ONLINE);
    } catch {
      return false;
    }
  };
  const safeId = (n: number) => Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647;
  return {
    async definitionOf(itemId) {
      if (!safeId(itemId)) return null;
      const row = await repo.latest(db, itemId);
      return row && (await online(itemId)) ? toDefinition(row) : null;
    },
    async definitionVersion(itemId, version) {
      if (!safeId(itemId) || !safeId(version)) return null;
      const row = await repo.version(db, itemId, version);
      return row ? toDefinition(row) : null;
    },
    async published() {
      return (await repo.allLatest(db)).map((r) => ({ itemId: r.itemId, itemCode: r.itemCode, version: r.version }));
    },
    async automated() {
      const out: (ItemDefinition & { automation: Automation })[] = [];
      for (const row of await repo.allLatest(db)) {
        const d = toDefinition(row);
        if (d.automation && (await online(d.itemId))) out.push(d as ItemDefinition & { automation: Automation });
      }
      return out;
    },
    async bundleOf(slug) {
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return null;
      const row = await repo.findBundle(db, slug);
      return row ? { ...(row.definition as BundleDefinition), version: row.version } : null;
    },
    async bundles() {
      return (await repo.listBundles(db)).map((row) => ({ ...(row.definition as BundleDefinition), version: row.version }));
    },
  };
}

/** The guide page's 在线办理 box: only for an item with a published definition whose guide says 网上办理. */
export function applyBox(itemId: number): SafeHtml {
  return html`<section id="apply-online" class="apply-online" aria-labelledby="h-apply-online"><h2 id="h-apply-online">${t('appdef.applyHeading')}</h2>
<p>${t('appdef.applyHint')}</p>
<p class="actions"><a class="button primary" href="/items/${itemId}/apply">${t('appdef.apply')}</a></p></section>`;
}

/** The guide's links to the 一件事一次办 bundles the item is a part of. */
function bundleLinks(bundles: readonly BundleDefinition[]): SafeHtml {
  return html`<section class="apply-bundles" aria-labelledby="h-apply-bundles"><h2 id="h-apply-bundles">${t('lifeBundle.section')}</h2>
<ul class="plain">${bundles.map((b) => html`<li><a href="/bundles/${b.slug}/apply">${t('lifeBundle.applyLink')}：${b.title}</a></li>`)}</ul></section>`;
}

/** Put the 在线办理 box on guide pages (the catalogue's `addGuideAside`). */
export function fillApplyButton(catalog: CatalogPart & { addGuideAside(aside: (implCode: string) => Promise<SafeHtml | ''>): void }, db: Database['db']) {
  catalog.addGuideAside(async (implCode) => {
    if (!/^[0-9A-Z]{12,30}$/.test(implCode)) return '';
    const row = await repo.latestByCode(db, implCode);
    if (!row) return '';
    try {
      const guide = await catalog.getGuide(row.itemId);
      if (!(guide.handlingForms as readonly string[]).includes(ONLINE)) return '';
      // 一件事一次办: the bundles this item is a part of, applied for with one combined form
      const bundles = (await repo.listBundles(db)).map((b) => b.definition as BundleDefinition).filter((b) => b.parts.some((x) => x.item === implCode));
      return bundles.length ? html`${applyBox(row.itemId)}${bundleLinks(bundles)}` : applyBox(row.itemId);
    } catch {
      return '';
    }
  });
}
