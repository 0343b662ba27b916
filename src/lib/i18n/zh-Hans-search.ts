/** Search: the kinds of published documents (政务公开), their facets and the validity mark. */
export const searchMessages = {
  'search.kind.interpretation': '政策解读',
  'search.kind.gazette': '政府公报',
  'search.kind.proposal': '建议提案',
  'search.facet.organisation': '发布机构',
  'search.facet.year': '年份',
  'search.facet.validity': '有效性',
  'search.validity.valid': '有效',
  'search.validity.expired': '已失效',
  'search.validity.repealed': '已废止',
  'search.yearValue': '{year}年',
  /** a very common word: the count is estimated from the documents scored (decision 0021) */
  'search.countEstimated': '约找到 {n} 项结果',
} as const;
