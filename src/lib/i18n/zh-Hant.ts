/**
 * 繁體中文: interface words where converting the simplified text character by character (or
 * phrase by phrase with OpenCC) does not give the word a traditional-Chinese reader uses
 * (搜索 → 搜尋, 登录 → 登入, 信息 → 資訊 …). Every other string is the zh-Hans catalogue
 * converted with OpenCC when the page is sent (src/web/hant.ts).
 */
import type { messages } from './zh-Hans.js';

type MessageKey = keyof typeof messages;

export const hantOverrides: Partial<Record<MessageKey, string>> = {
  'search.label': '您要辦什麼事？',
  'search.placeholder': '說出您要辦的事，如：駕照遺失、開公司、公積金提領',
  'search.button': '搜尋',
  'search.suggestions': '搜尋提示',
  'nav.me': '登入 / 個人空間',
  'nav.skip': '跳至主要內容',
  'nav.breadcrumb': '目前位置',
  'auth.logout': '登出',
  'footer.api': '開放介面（API）',
  'footer.hotline': '政務服務便民熱線：12345（24小時）',
  'prefs.care': '長輩版',
  'prefs.careOff': '退出長輩版',
  'prefs.speak': '朗讀本頁',
  'prefs.speakStop': '停止朗讀',
  'apidocs.title': '開放介面（API）參考',
  'apidocs.json': 'OpenAPI 文件（JSON）',
  'apidocs.toc': '介面分類',
  'apidocs.base': '服務位址',
  'apidocs.endpoints': '{n} 個介面',
};
