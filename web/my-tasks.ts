// My tasks: downloading them (and the merged sheet), uploading the filled file, its check, and the
// submission flow on it.
import { ApiError } from "../client/errors.ts";
import { api, type TasksAnswer, type UploadAnswer } from "./api.ts";
import { checkUpload, metadataFromTasks, type ViewIssue } from "./check.ts";
import { byId, saveBlob } from "./dom.ts";
import { explain } from "./explain.ts";
import { join, msg, type Msg } from "./i18n.ts";
import { period, state, unitQuery, workingUnit, type Upload } from "./page-state.ts";
import { flash, pickIssue, renderCheck, renderFlash, renderMine } from "./page-render.ts";
import { refreshPeriods } from "./current-period.ts";
import { SubmitFlow } from "./submit-flow.ts";

export async function downloadTasks(): Promise<void> {
  const p = period();
  const unit = workingUnit();
  if (!p || !unit) return;
  await download(
    "download-tasks",
    `/periods/${encodeURIComponent(p.id)}/tasks.xlsx${unitQuery("?")}`,
    `keywork-${p.id}-${unit}.xlsx`,
  );
}

export async function downloadMerged(): Promise<void> {
  const p = period();
  if (!p) return;
  await download(
    "download-merged",
    `/periods/${encodeURIComponent(p.id)}/merged.xlsx`,
    `keywork-${p.id}-merged.xlsx`,
  );
}

/** Fetches a workbook and hands it to the browser as a file, with the button disabled meanwhile. */
async function download(buttonId: string, path: string, name: string): Promise<void> {
  const button = byId<HTMLButtonElement>(buttonId);
  button.disabled = true;
  flash(msg("download.busy"));
  try {
    saveBlob(await api.request<Blob>("GET", path, { blob: true }), name);
    flash(msg("download.done", { name }), "ok");
  } catch (error) {
    flash(explain(error, "what.download"), "error");
  } finally {
    button.disabled = false;
  }
}

export async function uploadFile(): Promise<void> {
  const input = byId<HTMLInputElement>("upload-file");
  const file = input.files?.[0];
  const p = period();
  if (!file || !p) return;
  // Cleared at once, so choosing the same (corrected) file again triggers another check.
  input.value = "";
  state.upload = null;
  state.uploadError = null;
  renderMine();
  flash(msg("upload.busy", { name: file.name }));
  const form = new FormData();
  form.set("file", file, file.name);
  try {
    const answer = await api.request<UploadAnswer>(
      "POST",
      `/periods/${encodeURIComponent(p.id)}/uploads${unitQuery("?")}`,
      { form },
    );
    const checked = checkUpload(answer, state.units);
    let metadata = answer.metadata;
    if (metadata === null) {
      // A file that lost its hidden sheet: compare with what the server holds now (the preview shows it).
      const tasks = await api.get<TasksAnswer>(
        `/periods/${encodeURIComponent(p.id)}/tasks?scope=mine&unit=${encodeURIComponent(answer.unit)}`,
      );
      metadata = metadataFromTasks(tasks, p.id, answer.unit);
    }
    const extra: ViewIssue[] = [];
    const flow = new SubmitFlow(byId("submit-area"), {
      periodId: p.id,
      username: state.me?.username ?? "",
      periodLocked: () => period()?.locked ?? false,
      unit: answer.unit,
      namesUnit: state.me?.role === "coordinator",
      checked,
      metadata,
      showServerIssues: (issues) => {
        extra.splice(0, extra.length, ...issues);
        renderCheck();
      },
      pickIssue,
      onLocked: () => void refreshPeriods(p.id),
      redownload: () => void downloadTasks(),
    });
    const upload: Upload = { checked, fileName: file.name, metadata, extra, flow };
    state.upload = upload;
    state.flash = null;
    renderFlash();
  } catch (error) {
    state.uploadError =
      error instanceof ApiError
        ? msg("upload.failed", { name: file.name, detail: uploadDetail(error) })
        : explain(error, "what.upload");
    state.flash = null;
    renderFlash();
  }
  renderMine();
  byId("check-title").focus();
}

function uploadDetail(error: ApiError): Msg {
  if (error.status === 413) return join(error.detail, " (", error.code, ")");
  return error.detail;
}
