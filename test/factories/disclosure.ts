/** Factories: government information (an article's content as an editor would fill it in); override any field. */
import type { DemoContent } from '../../src/modules/disclosure/index.js';

let seq = 0;

export function buildArticleInput(o: Record<string, unknown> = {}): Record<string, unknown> {
  const n = ++seq;
  return {
    title: `示范市测试局关于做好测试工作的通知（${n}）`,
    kind: 'notice',
    topic: '综合政务',
    issuer: '示范市测试局',
    docNo: '',
    writtenOn: '2026-03-02',
    category: 'key-work',
    validity: 'valid',
    openMode: 'active',
    openScope: '面向社会',
    keywords: '测试，通知',
    summary: '测试通知的摘要。',
    body: '各有关单位：\n\n现将有关事项通知如下。\n\n| 事项 | 时间 |\n| --- | --- |\n| 申报 | 3月 |',
    ...o,
  };
}

/** A policy document (政策文件) with a well-formed 文号. */
export const buildPolicyInput = (o: Record<string, unknown> = {}) =>
  buildArticleInput({ kind: 'policy', category: 'policy-docs', docNo: `示测发〔2026〕${++seq}号`, title: `示范市测试局关于促进测试产业发展的若干措施（${seq}）`, ...o });

export function buildOrgs(department?: string): DemoContent {
  const n = ++seq;
  return {
    orgs: [
      { slug: `gov-${n}`, name: `测试市人民政府${n}`, level: 'government', guide: ['本指南说明如何获取政府信息。'] },
      { slug: `dept-org-${n}`, name: `测试局${n}`, level: 'department', parent: `gov-${n}`, department, guide: ['主动公开的信息在本网站发布。'] },
    ],
    articles: [],
    gazette: [],
    topics: [],
  };
}
