// The page's words, Chinese first. Issue messages come from the schema module with both languages.
export type Lang = "zh" | "en";
export interface Msg {
  zh: string;
  en: string;
}

const STRINGS = {
  "app.title": ["重点工作进展报送", "Key-work progress reporting"],
  "app.subtitle": [
    "无需安装插件:下载表格,用任意表格软件填写,上传检查后提交。",
    "No add-in needed: download the sheet, fill it in any spreadsheet program, upload, check and submit.",
  ],
  "lang.toggle": ["English", "中文"],
  // ── accounts, passwords, audit log (issue 11) ──
  "password.open": ["修改密码", "Change password"],
  "password.title": ["修改密码", "Change password"],
  "password.intro": ["输入当前密码和新密码。", "Enter your current password and a new one."],
  "password.forced": [
    "您正在使用初始密码或重置后的密码,请先设置自己的新密码再继续。",
    "You signed in with an initial or reset password: set a new password of your own to continue.",
  ],
  "password.current": ["当前密码", "Current password"],
  "password.next": ["新密码", "New password"],
  "password.repeat": ["再次输入新密码", "New password again"],
  "password.submit": ["保存新密码", "Save the new password"],
  "password.cancel": ["取消", "Cancel"],
  "password.done": ["密码已修改。", "Your password was changed."],
  "password.wrongCurrent": [
    "当前密码不正确,密码未修改。",
    "The current password is wrong; nothing was changed.",
  ],
  "what.password": ["修改密码", "changing the password"],
  "accounts.title": ["账号管理", "Accounts"],
  "accounts.search": ["搜索(姓名、单位或用户名)", "Search (name, unit or username)"],
  "accounts.refresh": ["刷新", "Refresh"],
  "accounts.count": ["显示 {shown} / 共 {all} 个账号", "{shown} of {all} accounts"],
  "accounts.username": ["用户名", "Username"],
  "accounts.name": ["姓名", "Name"],
  "accounts.unit": ["单位", "Unit"],
  "accounts.role": ["角色", "Role"],
  "accounts.state": ["状态", "State"],
  "accounts.actions": ["操作", "Actions"],
  "accounts.roleOf": ["{username} 的角色", "role of {username}"],
  "accounts.unitOf": ["{username} 的单位", "unit of {username}"],
  "accounts.active": ["在用", "active"],
  "accounts.disabled": ["已停用", "disabled"],
  "accounts.mustChange": ["待改初始密码", "must change password"],
  "accounts.reset": ["重置密码", "Reset password"],
  "accounts.disable": ["停用", "Disable"],
  "accounts.enable": ["启用", "Enable"],
  "accounts.resetConfirm": [
    "重置 {username} 的密码?其登录会话将立即失效。",
    "Reset the password of {username}? Their sessions end at once.",
  ],
  "accounts.resetFlash": ["已重置 {username} 的密码。", "The password of {username} was reset."],
  "accounts.resetDone": [
    "{username} 的新一次性密码(仅显示这一次,首次登录须修改):",
    "One-time password of {username} (shown only now; to be changed at first sign-in):",
  ],
  "accounts.done.disable": [
    "已停用 {username},其会话和 API 令牌立即失效。",
    "{username} disabled; their sessions and API tokens stopped working.",
  ],
  "accounts.done.enable": ["已启用 {username}。", "{username} enabled."],
  "accounts.done.role": ["已修改 {username} 的角色。", "Role of {username} changed."],
  "accounts.done.unit": ["已修改 {username} 的单位。", "Unit of {username} changed."],
  "what.accounts": ["账号操作", "the account action"],
  "roster.title": ["批量导入账号(花名册)", "Import accounts (roster)"],
  "roster.hint": [
    "列:用户名 · 姓名 · 单位 · 角色(督查室/填报人/查阅),可选 手机 · 邮箱。全部无误才会创建,初始密码表只下载一次。",
    "Columns: 用户名 · 姓名 · 单位 · 角色 (督查室/填报人/查阅), optional 手机 · 邮箱. Created only when every row is right; the initial-password sheet is downloaded once.",
  ],
  "roster.file": ["花名册(.xlsx)", "Roster (.xlsx)"],
  "roster.create": ["创建账号并下载初始密码表", "Create the accounts and download the initial passwords"],
  "roster.refused": [
    "花名册有 {n} 处问题,未创建任何账号:",
    "The roster has {n} problem(s); no account was created:",
  ],
  "roster.ready": ["检查通过:将创建 {n} 个账号。", "Checked: {n} account(s) will be created."],
  "roster.created": [
    "已创建 {n} 个账号,初始密码表已下载为 {name}(仅此一次,请妥善分发)。",
    "{n} account(s) created; the initial passwords were downloaded as {name} (only this once; hand them out safely).",
  ],
  "what.roster": ["导入花名册", "importing the roster"],
  "audit.title": ["审计日志", "Audit log"],
  "audit.filter": ["筛选", "Filter"],
  "audit.action": ["操作", "Action"],
  "audit.allActions": ["全部操作", "all actions"],
  "audit.actor": ["操作人", "Actor"],
  "audit.at": ["时间", "Time"],
  "audit.target": ["对象", "Target"],
  "audit.detail": ["详情", "Detail"],
  "audit.more": ["更早的记录", "Older entries"],
  "audit.empty": ["没有审计记录。", "No audit entries."],
  "what.audit": ["读取审计日志", "loading the audit log"],
  "signin.title": ["登录", "Sign in"],
  "signin.username": ["用户名", "Username"],
  "signin.password": ["密码", "Password"],
  "signin.submit": ["登录", "Sign in"],
  "signin.failed": ["登录失败:{detail}", "Sign-in failed: {detail}"],
  "signin.expired": ["登录已过期,请重新登录。", "Your session has expired; sign in again."],
  signout: ["退出登录", "Sign out"],
  who: ["{name}({unit},{role})", "{name} ({unit}, {role})"],
  "role.coordinator": ["督查室", "coordinator"],
  "role.reporter": ["填报人", "reporter"],
  "role.viewer": ["查阅", "viewer"],
  "unit.none": ["无单位", "no unit"],
  "period.label": ["报送期", "Reporting period"],
  "period.locked": ["已锁定", "locked"],
  "period.open": ["开放填报", "open"],
  "period.due": ["截止 {date}", "due {date}"],
  "period.none": ["暂无报送期", "No reporting period yet"],
  "mine.title": ["我的任务", "My tasks"],
  "mine.actFor": ["代填单位", "Unit to act for"],
  "mine.actFor.choose": ["请选择单位", "Choose a unit"],
  "mine.returns": ["督查室退回意见", "Returned by the coordinator"],
  "mine.return.item": ["序号 {seq}:{comment}({by},{at})", "Task {seq}: {comment} ({by}, {at})"],
  "step.download": ["下载我的任务", "Download my tasks"],
  "step.download.hint": [
    "标准表样,完成状态有下拉选项,任务列已锁定,F 列为上期进展供参考。",
    "Official layout with a 完成状态 drop-down, locked task columns, and last period's text in column F for reference.",
  ],
  "step.fill": [
    "用 Excel、WPS 或其他表格软件填写“完成状态”和“工作进展情况”两列,保存为 .xlsx。",
    "Fill in 完成状态 and 工作进展情况 in Excel, WPS or any spreadsheet program; save as .xlsx.",
  ],
  "step.upload": ["上传填好的文件(.xlsx)", "Upload the filled file (.xlsx)"],
  "step.submit": ["提交", "Submit"],
  "download.busy": ["正在生成…", "Preparing…"],
  "download.done": ["已下载 {name}", "Downloaded {name}"],
  "download.failed": ["下载失败:{detail}", "Download failed: {detail}"],
  "upload.busy": ["正在检查 {name}…", "Checking {name}…"],
  "upload.failed": ["文件 {name} 未通过检查:{detail}", "The file {name} was refused: {detail}"],
  "upload.summary": [
    "{name}:{rows} 行任务;{errors} 个错误,{warnings} 个提醒,{infos} 条提示",
    "{name}: {rows} task rows; {errors} errors, {warnings} warnings, {infos} notes",
  ],
  "upload.ok": ["检查通过,可以提交。", "All checks passed; ready to submit."],
  "upload.fixFirst": [
    "请先在表格软件中改正标红的单元格,保存后重新上传。",
    "Fix the cells marked in red in your spreadsheet program, save, and upload again.",
  ],
  "upload.server": ["服务器", "server"],
  "issues.title": ["检查结果", "Check results"],
  "issues.none": ["没有发现问题。", "No problems found."],
  "severity.error": ["错误", "error"],
  "severity.warning": ["提醒", "warning"],
  "severity.info": ["提示", "note"],
  "issues.noCell": ["(整表)", "(whole sheet)"],
  "sheet.caption": ["上传的表格:{sheet}", "Uploaded sheet: {sheet}"],
  "submit.button": ["提交修改…", "Submit changes…"],
  "submit.blocked": ["还有 {n} 个错误,改正后才能提交。", "{n} errors remain; fix them before submitting."],
  "submit.nothing": [
    "与下载时相比没有修改,无需提交。",
    "Nothing changed since the download; there is nothing to submit.",
  ],
  "submit.locked": ["报送期 {period} 已锁定,不能提交。", "Period {period} is locked; submitting is closed."],
  "preview.title": ["确认提交:以下 {n} 行将被修改", "Confirm: these {n} rows will change"],
  "preview.seq": ["序号", "No."],
  "preview.task": ["任务", "Task"],
  "preview.current": ["服务器当前内容", "On the server now"],
  "preview.mine": ["本次提交", "This submission"],
  "preview.empty": ["(未填报)", "(not reported)"],
  "preview.changedBy": ["{by} 于 {at} 修改过,提交将产生冲突", "changed by {by} at {at}; this will conflict"],
  "preview.confirm": ["确认提交", "Submit"],
  "preview.cancel": ["取消", "Cancel"],
  "preview.allOrNothing": [
    "提交为整体操作:要么全部保存,要么全部不保存。",
    "All or nothing: either every row is saved, or none.",
  ],
  "submit.busy": ["正在提交…", "Submitting…"],
  "submit.done": ["提交成功:{changed} 行已保存{same}。", "Submitted: {changed} rows saved{same}."],
  "submit.same": [",{n} 行与服务器相同未改动", "; {n} rows were already the same"],
  "submit.redownload": [
    "如需继续修改,请先重新下载“我的任务”,以免与本次提交冲突。",
    "To keep editing, download my tasks again first, so the next submission does not conflict with this one.",
  ],
  "submit.invalid": ["服务器检查未通过,未保存任何内容:", "The server's check failed; nothing was saved:"],
  "submit.lockedNow": [
    "报送期 {period} 已被督查室锁定(已过截止时间),本次提交未保存。请联系督查室解锁后重新提交;您的文件不受影响。",
    "Period {period} has been locked by the coordinator (past the deadline); nothing was saved. Ask the coordinator to reopen it, then submit again; your file is unaffected.",
  ],
  "submit.forbidden": ["无权提交:{detail}", "Not allowed: {detail}"],
  "submit.network": [
    "网络连接中断,无法确认服务器是否已收到本次提交。点击“重试”会用同一幂等键重新发送,服务器不会重复保存。",
    "The network failed; it is unknown whether the server received the submission. “Retry” resends it with the same idempotency key, so it is never applied twice.",
  ],
  "submit.retry": ["重试", "Retry"],
  "submit.tooMany": ["请求过于频繁,请 {s} 秒后重试。", "Too many requests; retry in {s} seconds."],
  "submit.failed": ["提交失败:{detail}", "Submission failed: {detail}"],
  "conflict.title": [
    "冲突:以下 {n} 行在您下载后已被他人修改,未保存任何内容",
    "Conflict: {n} rows were changed by someone else after your download; nothing was saved",
  ],
  "conflict.explain": [
    "请逐行选择保留哪一份,然后继续提交。",
    "For each row choose which version to keep, then continue.",
  ],
  "conflict.mine": ["我的", "Mine"],
  "conflict.theirs": ["他人的({by},{at},第 {version} 版)", "Theirs ({by}, {at}, version {version})"],
  "conflict.keepMine": ["保留我的", "Keep mine"],
  "conflict.takeTheirs": ["采用他人的", "Take theirs"],
  "conflict.allMine": ["全部保留我的", "Keep all mine"],
  "conflict.allTheirs": ["全部采用他人的", "Take all theirs"],
  "conflict.continue": ["按所选继续提交", "Continue with these choices"],
  "conflict.chooseAll": ["请为每一行作出选择(还有 {n} 行未选)。", "Choose for every row ({n} left)."],
  "conflict.row": ["序号 {seq}", "Task {seq}"],
  "conflict.tookTheirs": [
    "已采用他人的内容:序号 {seqs}。您的文件中仍是您的版本,请重新下载“我的任务”。",
    "Took theirs for tasks {seqs}. Your file still holds your version; download my tasks again.",
  ],
  "conflict.ownEarlier": ["(您自己先前的提交)", "(your own earlier submission)"],
  "merged.title": ["全市汇总表", "City-wide merged sheet"],
  "merged.hint": [
    "所有单位的报送情况,标准表样加汇总页。",
    "Every unit's report in the official layout, plus a summary sheet.",
  ],
  "merged.download": ["下载全市汇总表(.xlsx)", "Download the merged sheet (.xlsx)"],
  "coord.title": ["督查室", "Coordinator"],
  "coverage.title": ["报送进度", "Coverage"],
  "coverage.refresh": ["刷新", "Refresh"],
  "coverage.unit": ["单位", "Unit"],
  "coverage.assigned": ["承担任务", "Assigned"],
  "coverage.reported": ["已报送", "Reported"],
  "coverage.missing": ["未报送序号", "Missing tasks"],
  "coverage.lastAt": ["最近报送", "Last report"],
  "coverage.summary": ["{missing} 个单位尚未报送完毕", "{missing} units have not finished"],
  "coverage.reminder": ["催报提醒(可复制)", "Reminder (copy and send)"],
  "coverage.copy": ["复制提醒", "Copy reminder"],
  "coverage.copied": ["提醒已复制到剪贴板。", "Reminder copied to the clipboard."],
  "coverage.copyFailed": [
    "无法访问剪贴板,已选中提醒文字,请按 Ctrl+C 复制。",
    "The clipboard is not available; the text is selected, press Ctrl+C.",
  ],
  "lock.title": ["锁定", "Lock"],
  "lock.lock": ["锁定本期(截止)", "Lock this period (deadline)"],
  "lock.unlock": ["解锁本期", "Reopen this period"],
  "lock.locked": ["报送期 {period} 已锁定。", "Period {period} is locked."],
  "lock.unlocked": ["报送期 {period} 已解锁。", "Period {period} is open again."],
  "return.title": ["退回修改", "Return a row"],
  "return.seq": ["序号", "Task no."],
  "return.unit": ["单位", "Unit"],
  "return.comment": ["退回意见", "Comment"],
  "return.submit": ["退回", "Return"],
  "return.done": ["已退回序号 {seq}({unit})。", "Returned task {seq} ({unit})."],
  "return.noTask": ["序号 {seq} 不在本期任务清单中", "Task {seq} is not in this period"],
  "publish.title": ["发布任务清单", "Publish a plan"],
  "publish.file": ["标准表样的任务清单(.xlsx)", "Plan in the official layout (.xlsx)"],
  "publish.period": ["报送期编号(如 2022-H2、2022-07)", "Period id (like 2022-H2 or 2022-07)"],
  "publish.periodTitle": ["标题(可空,默认取表格标题)", "Title (optional; the sheet's title by default)"],
  "publish.due": ["截止日期", "Due date"],
  "publish.previous": ["上一期(用于“上期进展”)", "Previous period (for last period's text)"],
  "publish.previousNone": ["(自动:最近一期)", "(automatic: the latest)"],
  "publish.submit": ["发布并开放填报", "Publish and open"],
  "publish.done": ["已发布报送期 {period}。", "Published period {period}."],
  "publish.failed": ["发布失败:{detail}", "Publishing failed: {detail}"],
  "field.required": ["请填写“{field}”", "“{field}” is required"],
  "error.network": [
    "网络连接失败,请检查网络后重试({what})。",
    "The network failed; check the connection and retry ({what}).",
  ],
  "error.generic": ["{what}失败:{detail}", "{what} failed: {detail}"],
  "what.periods": ["读取报送期", "loading periods"],
  "what.coverage": ["读取报送进度", "loading coverage"],
  "what.lock": ["锁定/解锁", "lock/unlock"],
  "what.return": ["退回", "returning the row"],
  "what.download": ["下载", "download"],
  "what.upload": ["上传", "upload"],
  "what.submit": ["提交", "submission"],
  "what.signin": ["登录", "sign-in"],
  "units.title": ["单位名录", "Unit directory"],
  "units.hint": [
    "导入、导出、新增、修改类别和别名、更名、合并（机构改革）。更名或合并后，已锁定报送期保留原名称，原名称成为新单位的别名。",
    "Import, export, add, edit kind and aliases, rename, merge. After a rename or merge, locked periods keep the old name, which becomes an alias of the new unit.",
  ],
  "units.name": ["单位名称", "Unit"],
  "units.kind": ["类别", "Kind"],
  "units.aliases": ["别名（用、或逗号分隔）", "Aliases (separated by 、 or commas)"],
  "units.count": ["共 {n} 个单位", "{n} units"],
  "units.retired": ["已撤销：{list}", "Retired: {list}"],
  "units.import": ["导入单位名录（.xlsx：单位名称 · 类别 · 别名）", "Import (.xlsx: 单位名称 · 类别 · 别名)"],
  "units.importSubmit": ["导入", "Import"],
  "units.imported": [
    "已导入：新增 {added} 个，更新 {updated} 个。",
    "Imported: {added} added, {updated} updated.",
  ],
  "units.export": ["导出单位名录（.xlsx）", "Export (.xlsx)"],
  "units.add": ["新增单位", "Add a unit"],
  "units.addSubmit": ["新增", "Add"],
  "units.added": ["已新增单位“{name}”。", "Unit {name} added."],
  "units.edit": ["修改类别和别名", "Edit kind and aliases"],
  "units.editSubmit": ["保存", "Save"],
  "units.edited": ["已保存“{name}”。", "Saved {name}."],
  "units.rename": ["更名", "Rename"],
  "units.renameTo": ["新名称", "New name"],
  "units.renameSubmit": ["更名", "Rename"],
  "units.renamed": ["已将“{from}”更名为“{to}”。", "Renamed {from} to {to}."],
  "units.merge": ["合并（机构改革）", "Merge"],
  "units.mergeFrom": ["被合并的单位（可多选）", "Units to merge (several)"],
  "units.mergeInto": ["合并为（已有或新名称）", "Into (existing or new name)"],
  "units.mergeSubmit": ["合并", "Merge"],
  "units.merged": ["已合并为“{into}”。", "Merged into {into}."],
  "units.choose": ["（请选择）", "(choose)"],
  "what.units": ["单位名录", "the unit directory"],
  "periods.title": ["报送期次", "Periods"],
  "periods.id": ["报送期", "Period"],
  "periods.titleCol": ["标题", "Title"],
  "periods.due": ["截止", "Due"],
  "periods.state": ["状态", "State"],
  "periods.previous": ["上一期", "Previous"],
  "periods.tasks": ["任务数", "Tasks"],
  "periods.reported": ["已报送单位", "Units reported"],
  "periods.new": ["开启下一期（沿用任务清单）", "Open the next period (same plan)"],
  "periods.newId": ["新报送期编号（如 2022-H2）", "New period id (like 2022-H2)"],
  "periods.from": ["沿用自", "From"],
  "periods.newTitle": ["标题（可空，自动改写上期标题）", "Title (optional; last title rolled over)"],
  "periods.newDue": ["截止日期", "Due date"],
  "periods.newFile": ["新的任务清单（可空，.xlsx）", "New plan sheet (optional, .xlsx)"],
  "periods.newSubmit": ["开启下一期", "Open the next period"],
  "periods.opened": ["已开启报送期 {period}。", "Period {period} opened."],
  "what.rollover": ["开启下一期", "opening the next period"],
  "remind.title": ["催报机器人", "Reminder robot"],
  "remind.send": ["一键催报（发送到钉钉/企业微信群）", "Send reminder (DingTalk / WeCom group)"],
  "remind.sent": ["已发送催报：{n} 个单位。", "Reminder sent: {n} units."],
  "remind.none": ["各单位均已报送，未发送。", "Every unit has reported; nothing sent."],
  "what.remind": ["催报", "sending the reminder"],
  "mapping.title": [
    "以下单位不在单位名录中，请逐一对应后发布",
    "These units are not in the directory: map each, then publish",
  ],
  "mapping.name": ["表中名称", "Name in the sheet"],
  "mapping.cells": ["位置", "Cells"],
  "mapping.choice": ["对应到", "Map to"],
  "mapping.nearest": ["最接近：{name}", "nearest: {name}"],
  "mapping.add": ["＋ 新增为新单位", "+ add as a new unit"],
  "mapping.submit": ["按对应发布", "Publish with this mapping"],
  "mapping.unresolved": ["还有 {n} 个名称未对应。", "{n} names are not mapped yet."],
} as const satisfies Record<string, readonly [string, string]>;

export type Key = keyof typeof STRINGS;

let current: Lang = "zh";

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
}

export type Params = Record<string, string | number | Msg>;

function fill(template: string, params: Params, lang: Lang): string {
  return template.replace(/\{(\w+)\}/gu, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) return "";
    return typeof value === "object" ? value[lang] : String(value);
  });
}

/** Both languages of one string, for messages kept across a language switch. */
export function msg(key: Key, params: Params = {}): Msg {
  const [zh, en] = STRINGS[key];
  return { zh: fill(zh, params, "zh"), en: fill(en, params, "en") };
}

export function t(key: Key, params: Params = {}): string {
  return msg(key, params)[current];
}

export function pick(m: Msg): string {
  return m[current];
}

/** Concatenates bilingual pieces. */
export function join(...parts: (Msg | string)[]): Msg {
  return {
    zh: parts.map((p) => (typeof p === "string" ? p : p.zh)).join(""),
    en: parts.map((p) => (typeof p === "string" ? p : p.en)).join(""),
  };
}
