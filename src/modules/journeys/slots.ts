/**
 * What journeys put on pages of another module (docs/decisions/0015, "slots instead of
 * wiring"): on an item's guide page, the box of the journeys it is part of, and — for a
 * signed-in person — the guide kept in their history.
 */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../lib/principal.js';
import { SESSION_COOKIE } from '../../web/cookies.js';
import type { SafeHtml } from '../../web/html.js';
import { partOfBox } from './views/pages.js';

/**
 * The guide page's slots on the catalogue's face. Optional here: the catalogue offers them from
 * the release that adds them (`addGuideAside`, `onGuideViewed`); until then app.ts wires the box
 * and the hook through `catalogRoutes` and nothing is filled twice.
 */
export interface GuideSlots {
  addGuideAside?(aside: (implCode: string) => Promise<SafeHtml | ''>): void;
  onGuideViewed?(listener: (request: FastifyRequest, itemId: number) => void): void;
}

interface Viewing {
  noteView(p: Principal, kind: 'item' | 'journey', refId: number): Promise<void>;
}

/**
 * Keep a signed-in person's guide views for their history. Public guide pages resolve no
 * session (they are served from the page cache), so this looks only when a session cookie came,
 * after the page is on its way.
 */
export function guideViewed(journeys: Viewing) {
  return (request: FastifyRequest, itemId: number) => {
    if (!request.cookies()[SESSION_COOKIE]) return;
    void request
      .principal()
      .then((p) => (p ? journeys.noteView(p, 'item', itemId) : undefined))
      .catch(() => {});
  };
}

/** Fill the guide page's slots, where the catalogue offers them. */
export function fillGuideSlots(catalog: GuideSlots, journeys: Viewing & { partOf(implCode: string): Promise<Parameters<typeof partOfBox>[0]> }) {
  catalog.addGuideAside?.(async (implCode) => partOfBox(await journeys.partOf(implCode)));
  catalog.onGuideViewed?.(guideViewed(journeys));
}
