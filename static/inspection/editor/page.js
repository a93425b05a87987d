// The page the editor runs on: the draft's data from the server (editor_views.draft_detail, json_script
// "draft-data"), the elements it draws into, and the one state every module reads and changes.
// boot is null on a page without the editor; main.js then starts nothing.

const dataElement = document.getElementById("draft-data");
export const root = document.getElementById("draft-editor");
export const boot = dataElement && root ? JSON.parse(dataElement.textContent) : null;
export const urls = boot ? boot.urls : {};
export const alerts = document.getElementById("editor-alerts");
export const side = document.getElementById("editor-side");
export const saveStateElement = document.querySelector("[data-testid=save-state]");
export const storagePrefix = boot ? "draft-" + boot.draft_id + "-v" : "";
export const csrfToken = root ? root.dataset.csrf : "";

export const state = boot
  ? {
      content: boot.content,
      version: boot.version,
      status: boot.status,
      canEdit: boot.can_edit && root.dataset.mode === "edit",
      canComment: boot.can_comment,
      canTick: boot.can_tick,
      aspects: boot.aspects || [],
      comments: boot.comments || [],
      opinions: boot.opinions || [],
      dirty: false,
      saving: false,
      error: "",
      locked: false,
      conflict: null, // the 409 answer while the writer decides; autosave stops
      mergeConflicts: [], // fields both sides changed, shown beside the field after merging
      mergedFrom: null, // the refused save being merged, recorded on the next save
      editCount: 0,
      savedAt: "",
      openCommentForm: null,
      findings: null,
    }
  : null;

// A form POST to one of the editor's endpoints (comments, ticks), answering { ok, data } even offline.
export async function postForm(url, fields) {
  const body = new URLSearchParams(fields);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      body,
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, data };
  } catch (error) {
    return { ok: false, data: { error: "网络连接失败，请重试。" } };
  }
}
