// Every string of the task pane, Chinese first, English when Office's display language is not Chinese.
export type Lang = "zh" | "en";

/** zh for any Chinese display language (zh-CN, zh-TW, zh-HK …), en otherwise and when unknown. */
export function pickLang(displayLanguage: string | null | undefined): Lang {
  if (displayLanguage === undefined || displayLanguage === null || displayLanguage === "") return "zh";
  return /^zh\b/iu.test(displayLanguage) ? "zh" : "en";
}

const STRINGS = {
  appTitle: ["重点工作报送", "Key-work report"],
  notInExcel: ["请在 Excel 或 WPS 表格中打开本加载项。", "Open this add-in in Excel or WPS Spreadsheets."],
  connectTitle: ["连接服务器", "Connect"],
  serverUrl: ["服务器地址", "Server URL"],
  username: ["用户名", "Username"],
  password: ["密码", "Password"],
  signIn: ["登录", "Sign in"],
  signOut: ["退出登录", "Sign out"],
  signInNeeds: ["请输入用户名和密码", "Enter your username and password"],
  signedInAs: ["{name}({unit})", "{name} ({unit})"],
  noUnit: ["未绑定单位", "no unit"],
  roleCoordinator: ["统筹", "coordinator"],
  roleReporter: ["填报", "reporter"],
  roleViewer: ["查阅", "viewer"],
  period: ["报送期", "Period"],
  noPeriods: ["暂无报送期", "No periods yet"],
  locked: ["已锁定", "locked"],
  pullMine: ["获取本单位任务", "Pull my tasks"],
  validate: ["校验", "Validate"],
  submit: ["一键报送", "Submit"],
  pullMerged: ["拉取全市汇总", "Pull the merged sheet"],
  // progress
  busySignIn: ["正在登录…", "Signing in…"],
  busyLoading: ["正在加载…", "Loading…"],
  busyPull: ["正在获取本单位任务…", "Pulling your tasks…"],
  busyValidate: ["正在校验…", "Validating…"],
  busySubmit: ["正在报送…", "Submitting…"],
  busyPrepare: ["正在检查改动…", "Checking your changes…"],
  busyMerged: ["正在拉取全市汇总…", "Pulling the merged sheet…"],
  busyWrite: ["正在写入工作表…", "Writing the sheet…"],
  busyWorking: ["正在处理…", "Working…"],
  // results
  signedIn: ["已登录:{who}", "Signed in: {who}"],
  signedOut: ["已退出登录", "Signed out"],
  sessionExpired: ["登录已过期,请重新登录", "Your session has expired; sign in again"],
  pulled: ["已将 {count} 项任务写入工作表“{sheet}”", "{count} tasks written to the sheet “{sheet}”"],
  pulledNone: ["本单位在该报送期没有任务", "Your unit has no tasks in this period"],
  previousColumn: ["上期进展(参考)", "Last period (reference)"],
  dropDownTitle: ["完成状态", "Status"],
  dropDownMessage: ["请从下拉列表选择:{values}", "Pick one of: {values}"],
  validateClean: ["校验通过,没有发现问题", "No issues found"],
  validateSummary: [
    "发现 {error} 个错误、{warning} 个警告、{info} 条提示",
    "{error} errors, {warning} warnings, {info} notes",
  ],
  notHighlighted: [
    "工作表受保护且不允许设置格式,未能标记单元格",
    "The sheet is protected against formatting; cells were not highlighted",
  ],
  countError: ["错误", "Errors"],
  countWarning: ["警告", "Warnings"],
  countInfo: ["提示", "Notes"],
  emptySheet: ["当前工作表是空的", "The active sheet is empty"],
  notPulled: [
    "当前工作表不是通过“获取本单位任务”生成的,无法报送。请先获取本单位任务,在生成的工作表中填写。",
    "This sheet was not pulled with “Pull my tasks”; pull your tasks first and fill in that sheet.",
  ],
  mergedSheet: ["当前工作表是全市汇总表,不能报送", "This is the merged sheet; it cannot be submitted"],
  metadataDamaged: [
    "工作表的隐藏信息已损坏:{reason}。请重新获取本单位任务。",
    "The sheet's hidden metadata is damaged: {reason}. Pull your tasks again.",
  ],
  refuseErrors: ["有 {count} 个错误,请先改正再报送", "{count} errors: fix them before submitting"],
  nothingChanged: [
    "自获取以来没有改动,无需报送",
    "Nothing changed since the pull; there is nothing to submit",
  ],
  previewTitle: ["将报送以下 {count} 行改动", "These {count} changed rows will be submitted"],
  previewNew: ["新填报", "new"],
  confirmSubmit: ["确认报送", "Submit now"],
  cancel: ["取消", "Cancel"],
  submitted: ["报送成功:{changed} 行已保存", "Submitted: {changed} rows saved"],
  submittedReplayed: [
    "报送成功(服务器已处理过此次报送,未重复保存)",
    "Submitted (the server had already taken this submission; nothing saved twice)",
  ],
  resultSaved: ["已保存,版本 {version}", "saved, version {version}"],
  resultUnchanged: ["无变化", "unchanged"],
  networkFailed: [
    "无法连接服务器,报送未完成。工作表保持不变,可稍后点击“重试”。",
    "The server could not be reached; nothing was submitted. The sheet is unchanged; press “Retry” later.",
  ],
  networkFailedShort: [
    "无法连接服务器,请检查网络后重试",
    "The server could not be reached; check the network and try again",
  ],
  retry: ["重试", "Retry"],
  periodLocked: [
    "报送期 {period} 已锁定,不能再报送。如需修改请联系市政府办公室。",
    "The period {period} is locked; submissions are closed. Contact the coordinator to change anything.",
  ],
  conflictNotSaved: [
    "有 {count} 行与他人的修改冲突,本次未保存任何内容。",
    "{count} rows conflict with someone else's changes; nothing was saved.",
  ],
  conflictTitle: [
    "以下 {count} 行在您获取之后已被他人修改,请逐行选择:",
    "Someone changed these {count} rows after your pull. Choose for each row:",
  ],
  mine: ["我的", "Mine"],
  theirs: ["对方的", "Theirs"],
  keepMine: ["保留我的", "Keep mine"],
  takeTheirs: ["采用对方", "Take theirs"],
  changedBy: ["{who} 于 {at} 修改", "changed by {who} at {at}"],
  conflictResolved: [
    "冲突已处理:{kept} 行保留我的并已报送,{taken} 行采用对方",
    "Conflicts resolved: {kept} kept and submitted, {taken} taken from the server",
  ],
  serverRejected: ["服务器未接受:{detail}", "The server refused: {detail}"],
  serverIssues: [
    "服务器校验发现 {count} 个问题,未保存任何内容",
    "The server found {count} problems; nothing was saved",
  ],
  forbidden: ["无权执行此操作:{detail}", "Not allowed: {detail}"],
  mergedPulled: [
    "全市汇总已写入工作表“{sheet}”和“{summary}”",
    "The merged sheet is in “{sheet}” with a summary in “{summary}”",
  ],
  chartByStatus: ["各板块完成状态", "Status by section"],
  chartByUnit: ["各单位报送情况", "Coverage by unit"],
  selectFailed: ["无法定位到单元格 {cell}", "Could not go to cell {cell}"],
  excelFailed: ["Excel 操作失败:{detail}", "Excel failed: {detail}"],
  // returns
  returnsTitle: ["退回修改意见", "Returned for revision"],
  returnItem: ["序号 {seq}:{comment}({by},{at})", "Task {seq}: {comment} ({by}, {at})"],
  // coordinator
  coordinatorTitle: ["统筹管理", "Coordination"],
  coverageTitle: ["报送情况", "Coverage"],
  coverageRefresh: ["刷新报送情况", "Refresh coverage"],
  coverageItem: ["{unit}:{reported}/{assigned}", "{unit}: {reported}/{assigned}"],
  coverageMissing: ["尚缺 {seqs}", "missing {seqs}"],
  coverageAll: ["各单位均已报送", "Every unit has reported"],
  copyReminder: ["复制催报通知", "Copy reminder"],
  reminderCopied: ["催报通知已复制,可粘贴到消息中", "The reminder is copied; paste it into a message"],
  reminderSelect: ["请手动复制下方的催报通知", "Copy the reminder below by hand"],
  lock: ["锁定报送期", "Lock the period"],
  unlock: ["解除锁定", "Reopen the period"],
  lockedDone: ["报送期 {period} 已锁定", "The period {period} is locked"],
  unlockedDone: ["报送期 {period} 已重新开放", "The period {period} is open again"],
  returnTitle: ["退回一行", "Return a row"],
  returnSeq: ["序号", "Task no."],
  returnUnit: ["单位", "Unit"],
  returnComment: ["退回意见", "Comment"],
  returnSend: ["退回修改", "Return"],
  returnSent: ["已退回 {unit} 的序号 {seq}", "Task {seq} returned to {unit}"],
  returnInvalid: ["请填写序号、单位和意见", "Fill in the task no., the unit and a comment"],
  publishTitle: ["发布计划", "Publish a plan"],
  publishPeriod: ["报送期编号(如 2022-H1)", "Period id (e.g. 2022-H1)"],
  publishPeriodTitle: ["标题(可选)", "Title (optional)"],
  publishDue: ["截止日期(可选)", "Due date (optional)"],
  publishSend: ["以当前工作表发布", "Publish the active sheet"],
  published: ["已发布报送期 {period}", "Published the period {period}"],
  publishInvalid: [
    "当前工作表不符合标准表样,发现 {count} 个错误",
    "The active sheet is not in the official layout: {count} errors",
  ],
  publishNeedsPeriod: ["请填写报送期编号,如 2022-H1", "Enter a period id such as 2022-H1"],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof STRINGS;

export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = STRINGS[key][lang === "zh" ? 0 : 1];
  return template.replace(/\{(\w+)\}/gu, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Every key has both languages, and the same placeholders in each (checked by a test). */
export function allKeys(): MessageKey[] {
  return Object.keys(STRINGS) as MessageKey[];
}

export function template(key: MessageKey, lang: Lang): string {
  return STRINGS[key][lang === "zh" ? 0 : 1];
}
