// Every issue message in Chinese and English. Each one names what is wrong and what to do.
export type Lang = "zh" | "en";
export interface Message {
  zh: string;
  en: string;
}

export type IssueCode =
  | "header.missing"
  | "header.column-missing"
  | "header.order"
  | "layout.task-outside-section"
  | "seq.missing"
  | "seq.invalid"
  | "seq.duplicate"
  | "seq.order"
  | "seq.not-in-plan"
  | "task.empty"
  | "task.changed"
  | "units.empty"
  | "units.changed"
  | "unit.unknown"
  | "unit.alias"
  | "unit.spacing"
  | "row.other-unit"
  | "task.missing"
  | "status.empty"
  | "status.unknown"
  | "status.alias"
  | "progress.empty"
  | "progress.too-long"
  | "progress.placeholder"
  | "progress.unchanged"
  | "progress.too-short";

type Params = Record<string, string | number>;

const CATALOG: Record<IssueCode, (p: Params) => Message> = {
  "header.missing": () => ({
    zh: "未找到表头行(序号、承担的重点工作、完成状态、工作进展情况、牵头责任单位),请使用标准表样",
    en: "No header row found (序号, 承担的重点工作, 完成状态, 工作进展情况, 牵头责任单位); use the official layout",
  }),
  "header.column-missing": (p) => ({
    zh: `表头缺少“${p.label}”列`,
    en: `The header has no “${p.label}” column`,
  }),
  "header.order": () => ({
    zh: "表头列顺序与标准表样不一致,应为:序号、承担的重点工作、完成状态、工作进展情况、牵头责任单位",
    en: "Header columns are out of order; expected 序号, 承担的重点工作, 完成状态, 工作进展情况, 牵头责任单位",
  }),
  "layout.task-outside-section": () => ({
    zh: "该任务行位于第一个大标题(如“一、……”)之前,请放到所属大标题下",
    en: "This task row comes before the first section heading (such as “一、…”); move it under its section",
  }),
  "seq.missing": () => ({ zh: "序号为空", en: "序号 is empty" }),
  "seq.invalid": (p) => ({
    zh: `序号“${p.value}”不是正整数`,
    en: `序号 “${p.value}” is not a positive whole number`,
  }),
  "seq.duplicate": (p) => ({
    zh: `序号 ${p.seq} 重复,第一次出现在 ${p.first}`,
    en: `序号 ${p.seq} is repeated; it first appears at ${p.first}`,
  }),
  "seq.order": (p) => ({
    zh: `序号 ${p.seq} 排在 ${p.previous} 之后,序号应按顺序排列`,
    en: `序号 ${p.seq} follows ${p.previous}; numbers should run in order`,
  }),
  "seq.not-in-plan": (p) => ({
    zh: `序号 ${p.seq} 不在本期任务清单中`,
    en: `序号 ${p.seq} is not in this period's task list`,
  }),
  "task.empty": () => ({ zh: "承担的重点工作为空", en: "The task text (承担的重点工作) is empty" }),
  "task.changed": (p) => ({
    zh: `任务内容与下发的任务清单不一致(序号 ${p.seq}),任务内容只能由督查室修改`,
    en: `The task text differs from the published plan (序号 ${p.seq}); only the coordinator may change it`,
  }),
  "units.empty": () => ({ zh: "牵头责任单位为空", en: "牵头责任单位 (lead units) is empty" }),
  "units.changed": (p) => ({
    zh: `责任单位与任务清单不一致,应为:${p.expected}`,
    en: `The units differ from the published plan; expected: ${p.expected}`,
  }),
  "unit.unknown": (p) => ({
    zh: p.suggestion
      ? `单位“${p.unit}”不在单位名录中,是否为“${p.suggestion}”?`
      : `单位“${p.unit}”不在单位名录中`,
    en: p.suggestion
      ? `Unit “${p.unit}” is not in the directory; did you mean “${p.suggestion}”?`
      : `Unit “${p.unit}” is not in the directory`,
  }),
  "unit.alias": (p) => ({
    zh: `“${p.unit}”已识别为“${p.canonical}”`,
    en: `“${p.unit}” is recognised as “${p.canonical}”`,
  }),
  "unit.spacing": (p) => ({
    zh: `“${p.unit}”含多余空格或全角字符,已识别为“${p.canonical}”`,
    en: `“${p.unit}” has stray spaces or full-width characters; recognised as “${p.canonical}”`,
  }),
  "row.other-unit": (p) => ({
    zh: `序号 ${p.seq} 不是${p.unit}承担的任务,不能由本单位填报`,
    en: `序号 ${p.seq} is not a task of ${p.unit}; this unit cannot report on it`,
  }),
  "task.missing": (p) => ({
    zh: `漏报:本单位承担的任务(序号 ${p.seq})不在表中`,
    en: `Missing: task ${p.seq} of this unit is not in the sheet`,
  }),
  "status.empty": (p) => ({
    zh: `完成状态为空,请选择:${p.values}`,
    en: `完成状态 is empty; choose one of: ${p.values}`,
  }),
  "status.unknown": (p) => ({
    zh: p.suggestion
      ? `完成状态“${p.value}”无效,是否为“${p.suggestion}”?可选:${p.values}`
      : `完成状态“${p.value}”无效,可选:${p.values}`,
    en: p.suggestion
      ? `完成状态 “${p.value}” is not valid; did you mean “${p.suggestion}”? Allowed: ${p.values}`
      : `完成状态 “${p.value}” is not valid. Allowed: ${p.values}`,
  }),
  "status.alias": (p) => ({
    zh: `完成状态“${p.value}”将按“${p.canonical}”处理`,
    en: `完成状态 “${p.value}” is taken as “${p.canonical}”`,
  }),
  "progress.empty": (p) => ({
    zh: `工作进展情况为空(仅“${p.notStarted}”可不填)`,
    en: `工作进展情况 is empty (only “${p.notStarted}” may leave it empty)`,
  }),
  "progress.too-long": (p) => ({
    zh: `工作进展情况共 ${p.length} 字,超过上限 ${p.limit} 字`,
    en: `工作进展情况 has ${p.length} characters, over the limit of ${p.limit}`,
  }),
  "progress.placeholder": (p) => ({
    zh: `工作进展情况含未填写的占位符“${p.placeholder}”,请填入实际数字`,
    en: `工作进展情况 contains the unfilled placeholder “${p.placeholder}”; put in the real figure`,
  }),
  "progress.unchanged": () => ({
    zh: "工作进展情况与上期完全相同,请更新本期进展",
    en: "工作进展情况 is identical to the previous period's; describe this period's progress",
  }),
  "progress.too-short": (p) => ({
    zh: `工作进展情况仅 ${p.length} 字,请具体说明进展`,
    en: `工作进展情况 has only ${p.length} characters; say what was done`,
  }),
};

export function message(code: IssueCode, params: Params = {}): Message {
  return CATALOG[code](params);
}
