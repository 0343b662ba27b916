/** The readable addresses of the disclosure pages (政府信息公开 at /xxgk, 政府公报 at /gazette, 专题 at /topics). */
export const articleUrl = (id: number) => `/xxgk/articles/${id}`;
export const orgUrl = (slug: string) => `/xxgk/${slug}`;
export const browseUrl = (slug: string, o: { category?: string; year?: number } = {}) =>
  `/xxgk/${slug}${o.category ? `/${o.category}` : ''}${o.year ? `${o.category ? '' : '/all'}/${o.year}` : ''}`;
export const guideUrl = (slug: string) => `/xxgk/${slug}/guide`;
export const issueUrl = (year: number, number: number) => `/gazette/${year}/${number}`;
export const topicUrl = (slug: string) => `/topics/${slug}`;
export const attachmentUrl = (articleId: number, id: number) => `/xxgk/articles/${articleId}/files/${id}`;
