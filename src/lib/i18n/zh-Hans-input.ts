/** 简体中文 — input refused before any route reads it (malformed text, numbers, bodies). */
export const inputMessages = {
  'input.badText': '提交的内容含有无法识别的字符（如空字符或无效编码），请检查后重新提交。',
  'input.badNumber': '数字格式不正确',
  'input.badValue': '提交的内容格式不正确或超出允许范围，请检查后重新提交。',
  'input.conflict': '提交的内容与现有记录冲突，请刷新页面后重试。',
} as const;
