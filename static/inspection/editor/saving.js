// Saving: every change is kept in the browser at once and sent a moment later with the version it is
// based on (js/autosave.js decides when). A refused save (409) hands over to conflict.js and autosave
// stops until the writer has decided; any other failure says so and keeps the text.
import { Autosave } from "../../js/autosave.js";
import { enterConflict, renderMergedNotice } from "./conflict.js";
import { h } from "./dom.js";
import { clearLocal, storeLocally } from "./local.js";
import { alerts, boot, csrfToken, saveStateElement, state, urls } from "./page.js";
import { refreshLabels } from "./render.js";

const DEBOUNCE_MS = 3000; // save 3 s after the last keystroke …
const MAX_WAIT_MS = 10000; // … and at least every 10 s while there are unsaved changes

export const saver = new Autosave({
  send,
  pending: () => state.canEdit && !state.conflict && !state.locked && state.dirty,
  debounceMs: DEBOUNCE_MS,
  maxWaitMs: MAX_WAIT_MS,
});

export function save(options) {
  return saver.save(options);
}

export function showState() {
  const versionElement = document.querySelector("[data-testid=draft-version]");
  if (versionElement) versionElement.textContent = state.version;
  if (!saveStateElement) return;
  let text;
  let className;
  if (state.conflict) {
    [text, className] = ["未保存：他人已保存了新版本，请处理冲突", "error"];
  } else if (state.error) {
    [text, className] = [state.error, "error"];
  } else if (state.saving) {
    [text, className] = ["正在保存…", "saving"];
  } else if (state.dirty) {
    [text, className] = ["未保存的修改…", "dirty"];
  } else if (state.savedAt) {
    [text, className] = ["已保存于 " + state.savedAt, "saved"];
  } else {
    [text, className] = ["已载入第" + state.version + "版", ""];
  }
  saveStateElement.textContent = text;
  saveStateElement.className = "save-state " + className;
}

function schedule() {
  if (!state.canEdit || state.conflict || state.locked) return;
  saver.schedule();
}

export function changed() {
  state.dirty = true;
  state.editCount += 1;
  if (state.error && !state.locked) state.error = "";
  storeLocally();
  refreshLabels();
  showState();
  schedule();
}

// One save (saver makes them one at a time): true when the server took it.
async function send(options) {
  const keepalive = Boolean(options && options.keepalive);
  state.saving = true;
  const sentAt = state.editCount;
  const merging = Boolean(state.mergedFrom);
  const body = { base_version: state.version, content: state.content };
  if (state.mergedFrom) body.merged_refused_id = state.mergedFrom;
  showState();
  let response;
  let data = {};
  try {
    response = await fetch(urls.api, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(body),
      credentials: "same-origin",
      keepalive,
    });
    data = await response.json().catch(() => ({}));
  } catch (error) {
    state.saving = false;
    state.error = "网络连接失败，修改尚未保存（已保留在本机），稍后自动重试。";
    showState();
    saver.retryIn(MAX_WAIT_MS);
    return false;
  }
  state.saving = false;
  if (response.ok) {
    alerts.querySelectorAll("[data-testid=newer-version]").forEach((e) => e.remove());
    const previousStatus = state.status;
    state.version = data.version;
    state.mergedFrom = null;
    state.savedAt = data.saved_at;
    state.error = "";
    if (state.editCount === sentAt) {
      state.dirty = false;
      clearLocal();
    } else {
      storeLocally();
      schedule();
    }
    updateStatus(data.status, data.status_label, previousStatus);
    if (data.saved) {
      const lastSaved = document.querySelector("[data-testid=last-saved]");
      if (lastSaved) lastSaved.textContent = " · " + (boot.user_name || "我") + " 于 " + data.saved_at + " 保存";
    }
    if (merging) renderMergedNotice(data.version);
    showState();
    return true;
  }
  if (response.status === 409 && data.merged) {
    enterConflict(data);
    return false;
  }
  if (data.locked) state.locked = true;
  state.error = data.error || "保存失败（" + response.status + "），修改已保留在本机。";
  showState();
  if (response.status >= 500) saver.retryIn(MAX_WAIT_MS);
  return false;
}

export function updateStatus(status, statusLabel, previousStatus) {
  state.status = status;
  document.querySelectorAll("[data-testid=editor-status], [data-testid=draft-status]").forEach((badge) => {
    badge.textContent = statusLabel;
  });
  if (previousStatus && previousStatus !== status && (previousStatus === "approved" || previousStatus === "endorsed")) {
    alerts.append(h("div", { class: "alert alert-warning", text: "材料在审阅通过后又有修改，已重新进入撰写状态，修改完成后请重新提交审阅。" }));
  }
}

// Leaving the page (or hiding it): the last change goes out with keepalive, so it survives the unload.
export function leaving() {
  if (state.canEdit && state.dirty && !state.conflict && !state.saving) {
    storeLocally();
    save({ keepalive: true });
  }
}
