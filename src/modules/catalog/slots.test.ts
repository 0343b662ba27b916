import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { html } from '../../web/html.js';

let t: Awaited<ReturnType<typeof testApp>>;
const bundle = buildBundle(2);

beforeAll(async () => {
  t = await testApp();
  await t.services.catalog.importBundle(bundle);
});
afterAll(() => t.close());

describe('guide page slots', () => {
  it('shows what other modules add to a guide, and tells them a guide was opened', async () => {
    const [first, second] = bundle.items;
    const asked: string[] = [];
    t.services.catalog.addGuideAside(async (implCode) => {
      asked.push(implCode);
      return implCode === first!.implCode ? html`<aside class="from-slot">另一个模块的内容</aside>` : '';
    });
    const opened: number[] = [];
    t.services.catalog.onGuideViewed((_request, itemId) => opened.push(itemId));
    const items = (await t.services.catalog.listItems({ limit: 10, offset: 0 })).items;
    const idOf = (code: string) => items.find((it) => it.implCode === code)!.id;

    const page = await t.app.inject(`/items/${idOf(first!.implCode)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<aside class="from-slot">另一个模块的内容</aside>');
    const other = await t.app.inject(`/items/${idOf(second!.implCode)}`);
    expect(other.body).not.toContain('from-slot');
    expect(asked).toEqual(expect.arrayContaining([first!.implCode, second!.implCode]));
    expect(opened).toEqual([idOf(first!.implCode), idOf(second!.implCode)]);
  });
});
