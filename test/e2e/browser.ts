/**
 * Browser harness: Debian's Chromium driven by playwright-core, and axe-core for WCAG 2.1 A/AA.
 * Without Chromium the browser tests are skipped on a developer machine and fail in CI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Browser, type Page, chromium } from 'playwright-core';
import { expect } from 'vitest';
import type { Config } from '../../src/config.js';
import { startChannels } from '../channels.js';
import { demoApp } from '../helpers.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveBrowser = existsSync(CHROMIUM) || !!process.env.CI;
/**
 * Browser journeys run on the embedded database only: what they check is pages, forms and scripts,
 * which do not depend on the database; every rule they pass through has integration tests beside its
 * module that run on both databases (CI runs the suite on PGlite, then on PostgreSQL).
 */
export const browserRunsElsewhere = !!process.env.DATABASE_URL;

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Run axe-core on the page (WCAG 2.0/2.1 A and AA rules) and return the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/**
 * For a walk through the site: `check()` records the page the browser is on and expects axe to
 * find nothing there; `visited` lists the paths checked, in order.
 */
export function accessibilityWalk(page: Page) {
  const visited: string[] = [];
  const check = async () => {
    visited.push(new URL(page.url()).pathname);
    const v = await axeViolations(page);
    expect(v, `${page.url()}\n${describeViolations(v)}`).toEqual([]);
  };
  return { visited, check };
}

export const describeViolations = (v: AxeViolation[]) =>
  v.map((x) => `${x.id} (${x.impact}): ${x.help} at ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');

/**
 * The portal with the demo catalogue, listening on a free port, and a browser to visit it.
 * The demo accounts (data/demo/accounts.json) are seeded too; `overrides` configure the app, for
 * example with the delivery channels of test/channels.ts and `loginRateLimit: 0`.
 */
export async function demoSite(overrides?: Partial<Config>) {
  const t = await demoApp(overrides);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser = await launch();
  return {
    t,
    base,
    browser,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/**
 * The demo site with the local mail and SMS channels of test/channels.ts wired in, and a wait
 * for a message to come through them.
 */
export async function demoSiteWithChannels(overrides?: Partial<Config>) {
  const channels = await startChannels();
  const site = await demoSite({ smtpUrl: channels.smtpUrl, smsGatewayUrl: channels.smsGatewayUrl, ...overrides }).catch(async (e) => {
    await channels.close();
    throw e;
  });
  return {
    ...site,
    channels,
    /** Run the outbox until `find` sees the message: a short bounded poll, no fixed sleep. */
    async delivered<T>(find: () => T | undefined, what: string): Promise<T> {
      for (let i = 0; i < 50; i++) {
        await site.t.services.notify.deliverDue(200);
        const found = find();
        if (found !== undefined) return found;
        await sleep(50);
      }
      throw new Error(`${what} never arrived`);
    },
    close: async () => {
      await site.close();
      await channels.close();
    },
  };
}
