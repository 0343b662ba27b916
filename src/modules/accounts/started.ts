/**
 * "What I started": every module whose records a person starts (letters today; applications and
 * bookings later) registers a provider, and the personal space lists them all without knowing
 * any of them. A provider answers only for the signed-in person's own records.
 */
import type { Principal } from '../../lib/principal.js';

export interface StartedEntry {
  /** the number the person quotes (a tracking code, an application number) */
  reference: string;
  title: string;
  /** the status in words */
  status: string;
  startedAt: Date;
  updatedAt: Date;
  /** the record's own page for its owner */
  href: string;
}

export interface StartedProvider {
  /** 'letters', 'applications', 'bookings' … */
  kind: string;
  /** the heading of its list, e.g. 我的来信 */
  label: string;
  /** the page with the whole list */
  href: string;
  list(p: Principal, page: { limit: number; offset: number }): Promise<{ total: number; entries: StartedEntry[] }>;
}

export function createStartedRegistry() {
  const providers: StartedProvider[] = [];
  return {
    register(provider: StartedProvider) {
      if (!providers.some((x) => x.kind === provider.kind)) providers.push(provider);
    },
    providers: (): readonly StartedProvider[] => providers,
    /** the newest few of each kind, for the overview of the personal space */
    async overview(p: Principal, perKind = 5) {
      return Promise.all(providers.map(async (provider) => ({ provider, ...(await provider.list(p, { limit: perKind, offset: 0 })) })));
    },
  };
}

export type StartedRegistry = ReturnType<typeof createStartedRegistry>;
export type StartedSection = Awaited<ReturnType<StartedRegistry['overview']>>[number];
