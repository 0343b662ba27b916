/**
 * 简体中文 — applications: online forms, statuses, the approval route and the working-day clock.
 * Keys are relative to the module; when the central catalogue (src/web/i18n) absorbs this record
 * it takes them under `applications.` and `msg` becomes `t`.
 */
export const applicationMessages = {
  // the form notation (what a catalogue editor sees when a definition is wrong)
  'form.def.duplicateKey': '字段标识“{key}”重复',
  'form.def.conditionField': '条件引用的字段“{key}”不存在，或不在本字段之前',
  'form.def.conditionKind': '条件不能引用多行明细或文件字段“{label}”',
  'form.def.conditionValue': '条件中的取值“{value}”不是“{label}”的选项',
  'form.def.rowCondition': '多行明细中的字段不能设置显示或必填条件',
  'form.def.bounds': '下限不能大于上限',
  'form.def.duplicateOption': '选项取值重复',
  // the applicant's answers
  'form.answer.notObject': '申请表内容格式不正确，请重新填写',
  'form.answer.unknownField': '本事项的申请表中没有“{key}”这一项',
  'form.answer.required': '请填写{label}',
  'form.answer.requiredChoice': '请选择{label}',
  'form.answer.requiredFile': '请上传{label}',
  'form.answer.text': '{label}应为文字',
  'form.answer.tooShort': '{label}至少 {min} 个字，现为 {n} 个字',
  'form.answer.tooLong': '{label}最多 {max} 个字，现为 {n} 个字',
  'form.answer.number': '{label}应为数字',
  'form.answer.integer': '{label}应为整数',
  'form.answer.min': '{label}不能小于 {min}{unit}',
  'form.answer.max': '{label}不能大于 {max}{unit}',
  'form.answer.date': '{label}应为有效日期，格式如 2026-10-08',
  'form.answer.notBefore': '{label}不能早于 {date}',
  'form.answer.notAfter': '{label}不能晚于 {date}',
  'form.answer.choice': '{label}的选项“{value}”不在可选范围内',
  'form.answer.single': '{label}只能选择一项',
  'form.answer.idNumber': '{label}不是有效的 18 位公民身份号码，请核对出生日期和最后一位校验码',
  'form.answer.creditCode': '{label}不是有效的 18 位统一社会信用代码，请核对最后一位校验码',
  'form.answer.mobile': '{label}应为 11 位手机号码',
  'form.answer.phone': '{label}应为手机号码或带区号的固定电话（如 0799-8200001）',
  'form.answer.address': '{label}请填写详细地址（{min} 至 {max} 个字，写明街道和门牌号）',
  'form.answer.rows': '{label}的格式不正确，请逐行填写',
  'form.answer.minRows': '{label}至少填写 {min} 行',
  'form.answer.maxRows': '{label}最多填写 {max} 行',
  'form.answer.rowUnknown': '{label}第 {n} 行中没有“{key}”这一项',
  'form.answer.rowLabel': '{rows}第 {n} 行的{label}',
  'form.answer.files': '{label}的文件信息不正确，请重新上传',
  'form.answer.maxFiles': '{label}最多上传 {max} 个文件',
  'form.answer.fileType': '{label}只接受 {kinds} 文件，“{name}”不是',
  'form.answer.fileSize': '{label}的文件“{name}”超过 {max} MB，请压缩后重新上传',
  'form.fileKind.pdf': 'PDF',
  'form.fileKind.image': '图片（JPG、PNG、GIF、WebP）',
  // statuses and actions
  'status.draft': '草稿',
  'status.submitted': '已提交',
  'status.accepted': '已受理',
  'status.refused': '不予受理',
  'status.correcting': '补正中',
  'status.reviewing': '审核中',
  'status.approved': '已办结（准予许可）',
  'status.denied': '已办结（不予许可）',
  'status.withdrawn': '已撤回',
  'action.submit': '提交申请',
  'action.withdraw': '撤回申请',
  'action.accept': '受理',
  'action.refuse': '不予受理',
  'action.requestCorrection': '通知补正',
  'action.resubmit': '提交补正材料',
  'action.startReview': '开始审核',
  'action.grant': '准予许可',
  'action.deny': '不予许可',
  'machine.notAllowed': '当前状态为“{status}”，不能{action}',
  'machine.secondCorrection': '本件已通知过一次补正，再次补正须写明理由',
  'machine.reasonRequired': '请填写理由',
  // the approval route (协同审核)
  'route.mode.all': '会签（全部同意）',
  'route.mode.any': '或签（一个同意即可）',
  'route.def.duplicateStage': '环节标识“{key}”重复',
  'route.def.duplicateDepartment': '环节“{stage}”中部门“{department}”重复',
  'route.error.finished': '审批流程已结束，不能再提交意见',
  'route.error.notCurrentStage': '该环节不是当前环节（当前为“{current}”），页面可能已过期，请刷新后重试',
  'route.error.notParticipant': '您所在的部门或岗位不在当前环节“{stage}”的审批人中',
  'route.error.alreadyDecided': '本部门已在当前环节“{stage}”提交过意见，不能重复提交',
  'route.error.notEarlier': '只能退回到当前环节之前的环节',
  'route.error.unknownStage': '审批流程中没有环节“{stage}”',
  'route.error.alreadyInStage': '部门“{department}”已在当前环节中',
  'route.error.reasonRequired': '请填写理由',
  // the working-day clock, as the applicant reads it
  'clock.start': '自 {date} 受理之日起计算，承诺办结时限为 {days} 个工作日（不含受理当日、法定节假日和休息日）。',
  'clock.immediate': '本事项为即办件，受理当日办结。',
  'clock.holiday': '{from}至{to}为{name}假期，不计入时限。',
  'clock.makeUpDay': '{date}（{weekday}）为调休工作日，计入时限。',
  'clock.pause': '{from}通知补正，{to}提交补正材料，补正期间 {days} 个工作日不计入时限。',
  'clock.pauseOpen': '{from}起通知补正，计时暂停，提交补正材料后继续计时。',
  'clock.due': '办结期限为 {date}，',
  'clock.remaining': '尚余 {days} 个工作日。',
  'clock.dueToday': '今天是最后一个工作日。',
  'clock.overdue': '已超期 {days} 个工作日。',
  'clock.pausedRemaining': '计时暂停中，恢复计时后尚余 {days} 个工作日。',
  'clock.concluded': '已于 {date} 办结，用时 {used} 个工作日（承诺 {days} 个工作日）。',
  'weekday.0': '星期日',
  'weekday.6': '星期六',
} as const;

export type ApplicationMessageKey = keyof typeof applicationMessages;

/** Look a message up and fill in its `{name}` placeholders (the module's `t` until the catalogue absorbs it). */
export function msg(key: ApplicationMessageKey, vars?: Record<string, string | number>): string {
  const template: string = applicationMessages[key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}
