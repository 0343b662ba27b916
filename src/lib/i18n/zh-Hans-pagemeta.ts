/** 简体中文 — the page metadata of every public page (政府网站网页设计规范) and its QR code. */
export const pageMetaMessages = {
  'meta.type.home': '首页',
  'meta.type.service': '在线办事',
  'meta.type.search': '站内搜索',
  'meta.type.interaction': '互动交流',
  'meta.type.personal': '个人空间',
  'meta.type.disclosure': '信息公开',
  'meta.type.gazette': '政府公报',
  'meta.type.topic': '专题专栏',
  'meta.type.foi': '依申请公开',
  'meta.type.data': '数据开放',
  'meta.type.about': '网站说明',
  'meta.type.guide': '办事指南',
  'meta.qr.caption': '手机扫码阅读',
  'meta.qr.alt': '本页地址的二维码',
  'meta.qr.badPath': '只能为本站的页面地址生成二维码',
  'meta.printedFrom': '本页地址：',
} as const;
