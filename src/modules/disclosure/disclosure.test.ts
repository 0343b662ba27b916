/**
 * Government information end to end on one database: the national metadata and the 文号 checked
 * (nothing saved when wrong), attachments recognised by content, the four-eyes publication,
 * scheduling and withdrawal, links to items both ways with broken-link flags, 解读 lateness
 * across the National Day holiday and its make-up day, feeds and sitemap parsed as XML, and the
 * national meta tags on the pages.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff } from '../../../test/factories/accounts.js';
import { buildBundle, buildDepartment } from '../../../test/factories/catalog.js';
import { buildArticleInput, buildOrgs, buildPolicyInput } from '../../../test/factories/disclosure.js';
import { testApp } from '../../../test/helpers.js';
import { ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { contentFrom, docNoProblem } from './model.js';
import { lateness } from './operations/browse.js';
import { renderBody } from './markup.js';

let t: Awaited<ReturnType<typeof testApp>>;
let editor: Principal;
let reviewer: Principal;
let outsider: Principal;
let orgId: number;
let codes: string[];

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const bundle = buildBundle(3);
  await t.services.catalog.importBundle(bundle);
  codes = bundle.items.map((i) => i.implCode);
  const dept = bundle.departments[0]?.slug as string;
  const otherDept = buildDepartment();
  await t.services.catalog.importBundle({ departments: [otherDept], halls: [], themes: [], specialGroups: [], forms: [], items: [] });
  const other = otherDept.slug;
  await t.services.disclosure.importDemo(buildOrgs(dept));
  const l = await t.services.disclosure.lookups();
  orgId = [...l.orgRows.values()].find((o) => o.level === 'department')?.id as number;
  editor = (await buildStaff(t.services, { role: 'editor', department: dept })).principal;
  reviewer = (await buildStaff(t.services, { role: 'reviewer', department: dept })).principal;
  outsider = (await buildStaff(t.services, { role: 'reviewer', department: other })).principal;
}, 120_000);
afterAll(() => t.close());

const d = () => t.services.disclosure;
const content = (o: Record<string, unknown>) => contentFrom({ orgId, ...o });

async function published(o: Record<string, unknown>) {
  const row = await d().createArticle(editor, content(o));
  const fresh = await d().staffArticle(editor, row.id);
  await d().submit(editor, row.id, fresh.row.version);
  const again = await d().staffArticle(reviewer, row.id);
  return d().approve(reviewer, row.id, again.row.version);
}

describe('metadata', () => {
  it('says what is wrong with a 文号 in words', () => {
    expect(docNoProblem('示府办〔2026〕12号', '2026-01-05')).toBe('');
    expect(docNoProblem('示府办[2026]12号', '2026-01-05')).toMatch(/六角括号/);
    expect(docNoProblem('示府办〔2026〕第12号', '2026-01-05')).toMatch(/第/);
    expect(docNoProblem('示府办〔2026〕012号', '2026-01-05')).toMatch(/前导零/);
    expect(docNoProblem('示府办〔2025〕12号', '2026-01-05')).toMatch(/年份/);
  });

  it('refuses a policy without its 文号 or metadata, and saves nothing', async () => {
    const before = (await d().staffList(editor, { limit: 100, offset: 0 })).total;
    const e = await d()
      .createArticle(editor, content(buildPolicyInput({ docNo: '', issuer: '', writtenOn: '2026-13-01' })))
      .catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    const fields = (e as ValidationError).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['文号', '发文机关', '成文日期']));
    expect((await d().staffList(editor, { limit: 100, offset: 0 })).total).toBe(before);
  });

  it('escapes the body: no markup of the editor reaches the page', () => {
    const out = renderBody('<script>alert(1)</script>\n\n| a | <b onmouseover=x> |\n| 1 | 2 |').value;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<b ');
    expect(out).toContain('<table');
  });
});

describe('workflow', () => {
  it('publishes under four eyes, shows the article and its metadata, withdraws with a reason', async () => {
    const row = await d().createArticle(editor, content(buildPolicyInput()));
    const v = (await d().staffArticle(editor, row.id)).row.version;
    await d().submit(editor, row.id, v);
    const v2 = (await d().staffArticle(reviewer, row.id)).row.version;
    await expect(d().approve(editor, row.id, v2)).rejects.toThrow();
    await expect(d().staffArticle(outsider, row.id)).rejects.toThrow(/没有找到/);
    await d().approve(reviewer, row.id, v2);
    const res = await t.app.inject({ url: `/xxgk/articles/${row.id}` });
    expect(res.statusCode).toBe(200);
    for (const name of ['SiteName', 'SiteDomain', 'SiteIDCode', 'ColumnName', 'ColumnType', 'ArticleTitle', 'PubDate', 'ContentSource', 'Keywords', 'Author', 'Description', 'Image', 'Url'])
      expect(res.body).toContain(`<meta name="${name}"`);
    expect(res.body).toContain('索引号');
    const v3 = (await d().staffArticle(reviewer, row.id)).row.version;
    await expect(d().withdraw(reviewer, row.id, v3, '')).rejects.toThrow(/撤回原因/);
    await d().withdraw(reviewer, row.id, v3, '文件内容有误，更正后重新发布');
    const gone = await t.app.inject({ url: `/xxgk/articles/${row.id}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('文件内容有误');
  });

  it('keeps a scheduled article off line until its time, then the job publishes it', async () => {
    const when = new Date(Date.now() + 3_600_000).toISOString();
    const row = await published(buildArticleInput({ publishAt: when }));
    expect(row.status).toBe('scheduled');
    expect((await t.app.inject({ url: `/xxgk/articles/${row.id}` })).statusCode).toBe(404);
    const ctx = d().context;
    const realClock = ctx.clock;
    ctx.clock = () => new Date(Date.now() + 7_200_000);
    try {
      expect(await d().publishDue()).toBe(1);
    } finally {
      ctx.clock = realClock;
    }
    expect((await d().staffArticle(editor, row.id)).row.status).toBe('published');
  });

  it('keeps versions with diffs when a published article is revised', async () => {
    const row = await published(buildArticleInput());
    const view = await d().staffArticle(editor, row.id);
    const c = view.row.content as NonNullable<typeof view.row.content>;
    await d().saveDraft(editor, row.id, view.row.version, { ...c, body: `${c.body}\n\n新增一段说明。` });
    expect((await t.app.inject({ url: `/xxgk/articles/${row.id}` })).statusCode).toBe(200);
    const v = (await d().staffArticle(editor, row.id)).row.version;
    await d().submit(editor, row.id, v);
    await d().approve(reviewer, row.id, (await d().staffArticle(reviewer, row.id)).row.version);
    const after = await d().staffArticle(reviewer, row.id);
    expect(after.versions.map((x) => x.version)).toEqual([2, 1]);
    expect(after.versions[0]?.diff.body.some((x) => x.op === '+' && x.text.includes('新增一段说明'))).toBe(true);
  });
});

describe('attachments', () => {
  it('takes a PDF and refuses a picture named .pdf', async () => {
    const row = await d().createArticle(editor, content(buildArticleInput()));
    const receive = (buf: Buffer) => t.services.files.receive(Readable.from(buf), 5 * 1024 * 1024);
    const pdf = await receive(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'));
    expect(await d().addAttachments(editor, row.id, [{ filename: '通知.pdf', received: pdf }])).toBe(1);
    const png = await receive(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0]));
    await expect(d().addAttachments(editor, row.id, [{ filename: '附件.pdf', received: png }])).rejects.toThrow(ValidationError);
    const docx = await receive(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(26), Buffer.from('word/document.xml')]));
    const e = await d()
      .addAttachments(editor, row.id, [{ filename: '表格.xlsx', received: docx }])
      .catch((x) => x);
    expect((e as ValidationError).problems[0]?.message).toMatch(/DOCX/);
    expect((await d().staffArticle(editor, row.id)).attachments).toHaveLength(1);
  });
});

describe('items ↔ information', () => {
  it('links both ways, shows on the guide, and flags a withdrawn article to its owner', async () => {
    const row = await published(buildPolicyInput());
    await expect(d().linkItems(editor, row.id, ['NO-SUCH-CODE'])).rejects.toThrow(/NO-SUCH-CODE/);
    await d().linkItems(editor, row.id, [codes[0] as string]);
    const shown = await d().getArticle(row.id);
    expect(shown.items?.map((i) => i.implCode)).toContain(codes[0]);
    const forItem = await d().forItem(codes[0] as string);
    expect(forItem?.stages.flatMap((s) => s.articles).map((a) => a.id)).toContain(row.id);
    await d().withdraw(reviewer, row.id, (await d().staffArticle(reviewer, row.id)).row.version, '政策调整');
    const broken = await d().brokenLinks(editor);
    expect(broken.some((b) => b.articleId === row.id && b.implCode === codes[0])).toBe(true);
    expect(await d().brokenLinks(outsider)).toEqual([]);
  });

  it('links a 解读 to its policy both ways and flags lateness in working days across holidays', async () => {
    const policy = await published(buildPolicyInput());
    const interp = await published(buildArticleInput({ kind: 'interpretation', category: 'interpretation', policyId: policy.id, interpretForm: 'text', title: '《测试措施》政策解读' }));
    const p = await d().getArticle(policy.id);
    expect(p.interpretations?.map((i) => i.id)).toContain(interp.id);
    expect((await d().getArticle(interp.id)).policy?.id).toBe(policy.id);
    const ctx = d().context;
    // 国庆: 10-01..10-07 off, 10-10 (Saturday) a make-up working day
    const at = (s: string) => new Date(`${s}T10:00:00+08:00`);
    expect(lateness(ctx, at('2026-09-30'), at('2026-10-09'))).toEqual({ days: 2, late: false });
    expect(lateness(ctx, at('2026-09-30'), at('2026-10-12'))).toEqual({ days: 4, late: true });
  });
});

describe('catalogue, feeds and sitemap', () => {
  it('browses by organisation, category and year, with readable addresses', async () => {
    const row = await published(buildPolicyInput());
    const l = await d().lookups();
    const org = l.orgRows.get(orgId)?.slug as string;
    const year = new Date().getFullYear();
    for (const url of [`/xxgk`, `/xxgk/${org}`, `/xxgk/${org}/policy-docs`, `/xxgk/${org}/policy-docs/${year}`, `/xxgk/${org}/all/${year}`, `/xxgk/${org}/guide`]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<meta name="SiteIDCode"');
    }
    expect((await t.app.inject({ url: `/xxgk/${org}/policy-docs` })).body).toContain(`/xxgk/articles/${row.id}`);
    for (const url of ['/xxgk/no-such-org', `/xxgk/${org}/no-such-category`, `/xxgk/${org}/all/99999`, '/xxgk/articles/99999999999', '/gazette/2026/abc']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('serves RSS, Atom and the sitemap as well-formed XML', async () => {
    // saxes (a strict XML parser exceljs brings) throws on anything not well-formed
    const { SaxesParser } = await import('saxes');
    const DOMParser = (text: string) => {
      const parser = new SaxesParser();
      parser.write(text).close();
      return true;
    };
    const l = await d().lookups();
    const org = l.orgRows.get(orgId)?.slug as string;
    for (const url of ['/xxgk/feed.xml', `/xxgk/feed.xml?org=${org}&category=policy-docs`, '/xxgk/atom.xml', '/sitemap.xml']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(DOMParser(res.body), url).toBe(true);
    }
    const site = (await t.app.inject({ url: '/sitemap.xml' })).body;
    expect(site).toContain('/xxgk/articles/');
    expect(site).toContain('/items/');
  });
});

describe('topics', () => {
  it('are assembled by portal editors from checked entries, and open on their dates', async () => {
    const admin = (await buildStaff(t.services, { role: 'admin' })).principal;
    const row = await published(buildArticleInput());
    const base = { slug: 'test-topic', title: '测试专题', summary: '测试', opensOn: '2026-01-01', closesOn: '' };
    await expect(d().saveTopic(editor, { ...base, sections: `## 政策\narticle ${row.id}` })).rejects.toThrow();
    const bad = await d()
      .saveTopic(admin, { ...base, sections: `## 政策\narticle 99999999\nitem NO-SUCH\nlink javascript:alert(1)\n孤立的一行` })
      .catch((e) => e);
    expect((bad as ValidationError).problems).toHaveLength(4);
    await d().saveTopic(admin, { ...base, sections: `## 政策\narticle ${row.id} 一条通知\n## 办事\nitem ${codes[1]}\nlink /xxgk 政府信息公开` });
    const page = await t.app.inject({ url: '/topics/test-topic' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('一条通知');
    await d().saveTopic(admin, { ...base, opensOn: '2099-01-01', sections: `## 政策\narticle ${row.id}` });
    expect((await t.app.inject({ url: '/topics/test-topic' })).statusCode).toBe(404);
  });
});

describe('gazette', () => {
  it('reads an issue on the page, as a PDF with the CJK font, and as a QR code', async () => {
    const admin = (await buildStaff(t.services, { role: 'admin' })).principal;
    const row = await published(buildPolicyInput());
    await expect(d().saveIssue(editor, { year: 2026, number: 7, publishedOn: '2026-07-31', articleIds: [row.id] })).rejects.toThrow();
    await expect(d().saveIssue(admin, { year: 2026, number: 7, publishedOn: '2026-07-31', articleIds: [row.id, 2147483647] })).rejects.toThrow(/已发布/);
    await d().saveIssue(admin, { year: 2026, number: 7, publishedOn: '2026-07-31', articleIds: [row.id] });
    const page = await t.app.inject({ url: '/gazette/2026/7' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(row.title);
    const pdf = await t.app.inject({ url: '/gazette/2026/7.pdf' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain('NotoSansSC');
    const qr = await t.app.inject({ url: '/gazette/2026/7.svg' });
    expect(qr.body).toContain('<svg');
    expect((await t.app.inject({ url: '/gazette/2026/99' })).statusCode).toBe(404);
  }, 30_000);
});

describe('bad input', () => {
  it('answers hostile addresses and parameters with a 4xx, never a 5xx', async () => {
    const urls = [
      '/xxgk/articles/1e309',
      '/xxgk/articles/-1',
      '/xxgk/articles/99999999999999999999999',
      '/xxgk/articles/1/files/abc',
      '/xxgk/szf?page=1e999',
      '/xxgk/%F0%9F%98%80',
      '/xxgk/a/b/c',
      '/gazette/99999999999999999999/1',
      '/gazette/2026/1.exe',
      '/xxgk/feed.xml?category=%3Cscript%3E',
      '/xxgk/atom.xml?org=no-such-org',
      '/xxgk/feed.xml?category=a&category=b',
      '/topics/%3Cscript%3E',
      '/api/v1/disclosure/articles?limit=1000',
      '/api/v1/disclosure/articles?year=abc',
      '/api/v1/disclosure/articles/abc',
      '/api/v1/disclosure/articles/2147483648',
    ];
    for (const url of urls) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.body, url).not.toContain('<script>');
    }
    const list = await t.app.inject({ url: '/api/v1/disclosure/articles?limit=5' });
    expect(list.json()).toMatchObject({ total: expect.any(Number), articles: expect.any(Array) });
  });
});
