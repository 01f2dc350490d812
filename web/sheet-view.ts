// The uploaded sheet as a table, cells addressed like the spreadsheet (A1), bad cells marked, and the
// issue list whose items scroll to and focus their cell.
import { cellText, columnLetter, type ParsedSheet } from "../schema/index.ts";
import type { GridCell } from "./api.ts";
import type { ViewIssue } from "./check.ts";
import { h, replace } from "./dom.ts";
import { pick, t } from "./i18n.ts";

const MIN_COLUMNS = 6;
const WIDTHS = ["5%", "22%", "8%", "33%", "12%", "20%"];

export function renderSheet(
  container: HTMLElement,
  grid: readonly (readonly GridCell[])[],
  parsed: ParsedSheet,
  issues: readonly ViewIssue[],
  sheetName: string,
): void {
  const byCell = new Map<string, ViewIssue[]>();
  for (const issue of issues)
    if (issue.cell) byCell.set(issue.cell, [...(byCell.get(issue.cell) ?? []), issue]);
  const width = Math.max(MIN_COLUMNS, ...grid.map((r) => r.length));
  const headingRows = new Set(parsed.headings.map((x) => x.row));
  if (parsed.title) headingRows.add(parsed.title.row);
  const headerRow = parsed.header?.row ?? -1;

  const rows = grid.map((cells, r) => {
    const address = (c: number) => `${columnLetter(c)}${r + 1}`;
    // A merged heading (title, section, sub-heading) shows as one wide cell, unless an issue points
    // at one of the cells under the merge.
    const merged =
      headingRows.has(r) &&
      cells.filter((c) => cellText(c).trim() !== "").length <= 1 &&
      !Array.from({ length: width - 1 }, (_, i) => address(i + 1)).some((a) => byCell.has(a));
    const tds = [];
    for (let c = 0; c < (merged ? 1 : width); c++) {
      const found = byCell.get(address(c)) ?? [];
      const worst =
        found.find((i) => i.severity === "error") ?? found.find((i) => i.severity === "warning") ?? found[0];
      const isHeader = r === headerRow;
      tds.push(
        h(
          isHeader ? "th" : "td",
          {
            id: `cell-${address(c)}`,
            "data-cell": address(c),
            "data-testid": `cell-${address(c)}`,
            tabindex: "-1",
            class: worst ? `mark sev-${worst.severity}` : null,
            colspan: merged ? width : null,
            scope: isHeader ? "col" : null,
            "aria-describedby": found.length > 0 ? found.map((i) => i.id).join(" ") : null,
            title:
              found.length > 0
                ? found.map((i) => `${t(`severity.${i.severity}`)}:${pick(i.message)}`).join("\n")
                : null,
          },
          cellText(cells[c]),
          worst ? h("span", { class: "sr-only" }, ` (${t(`severity.${worst.severity}`)})`) : null,
        ),
      );
    }
    const kind = headingRows.has(r) ? "heading" : r === headerRow ? "header" : null;
    return h("tr", { class: kind }, h("th", { scope: "row", class: "rownum" }, String(r + 1)), tds);
  });

  replace(
    container,
    h(
      "table",
      { class: "sheet", "data-testid": "sheet-table" },
      h("caption", {}, t("sheet.caption", { sheet: sheetName })),
      h(
        "colgroup",
        {},
        h("col", { style: "width:3em" }),
        Array.from({ length: width }, (_, c) => h("col", { style: `width:${WIDTHS[c] ?? "10%"}` })),
      ),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { class: "corner" }, ""),
          Array.from({ length: width }, (_, c) =>
            h("th", { scope: "col", class: "colname" }, columnLetter(c)),
          ),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

export function renderIssues(
  list: HTMLElement,
  issues: readonly ViewIssue[],
  onPick: (issue: ViewIssue) => void,
): void {
  if (issues.length === 0) {
    replace(list, h("p", { class: "ok", "data-testid": "issues-none" }, t("issues.none")));
    return;
  }
  replace(
    list,
    h(
      "ol",
      { class: "issues", "data-testid": "issue-list" },
      issues.map((issue) =>
        h(
          "li",
          { id: issue.id, class: `sev-${issue.severity}` },
          h(
            "button",
            {
              type: "button",
              class: "issue",
              "data-testid": "issue",
              "data-cell": issue.cell ?? "",
              "data-code": issue.code,
              "data-severity": issue.severity,
              "data-source": issue.source,
              disabled: issue.cell === null,
              onclick: () => onPick(issue),
            },
            h("span", { class: "cell" }, issue.cell ?? t("issues.noCell")),
            h("span", { class: `badge sev-${issue.severity}` }, t(`severity.${issue.severity}`)),
            h("span", { class: "text" }, pick(issue.message)),
            issue.source === "server" ? h("span", { class: "src" }, `(${t("upload.server")})`) : null,
          ),
        ),
      ),
    ),
  );
}

/** Scrolls the table to a cell and focuses it, so a screen reader reads it and its issues. */
export function focusCell(address: string): boolean {
  const cell = document.getElementById(`cell-${address}`);
  if (!cell) return false;
  cell.scrollIntoView({ block: "center", inline: "nearest" });
  cell.focus({ preventScroll: true });
  cell.classList.remove("flash");
  // Restart the highlight animation.
  void cell.offsetWidth;
  cell.classList.add("flash");
  return true;
}
