// Keeping up with others: new comments and a newer version, by polling the draft's API; load() shows a
// version read from it.
import { fillNotes, updateCommentCount } from "./comments.js";
import { button, h } from "./dom.js";
import { alerts, root, state, urls } from "./page.js";
import { render } from "./render.js";
import { showState, updateStatus } from "./saving.js";
import { renderSide } from "./side.js";

export function load(data) {
  alerts.querySelectorAll("[data-testid=newer-version], [data-testid=merged-notice]").forEach((e) => e.remove());
  state.content = data.content;
  state.version = data.version;
  state.status = data.status;
  state.comments = data.comments;
  state.opinions = data.opinions;
  state.canEdit = data.can_edit && root.dataset.mode === "edit";
  state.conflict = null;
  state.mergeConflicts = [];
  state.mergedFrom = null;
  state.dirty = false;
  state.error = "";
  state.savedAt = "";
  updateStatus(data.status, data.status_label);
  const lastSaved = document.querySelector("[data-testid=last-saved]");
  if (lastSaved && data.updated_by) {
    const at = new Date(data.updated_at);
    const when = at.getMonth() + 1 + "月" + at.getDate() + "日 " + String(at.getHours()).padStart(2, "0") + ":" + String(at.getMinutes()).padStart(2, "0");
    lastSaved.textContent = " · " + data.updated_by + " 于 " + when + " 保存";
  }
  render();
  showState();
}

export const POLL_MS = 30000;

export async function poll() {
  if (document.visibilityState !== "visible" || state.saving || state.conflict) return;
  let data;
  try {
    const response = await fetch(urls.api, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) return;
    data = await response.json();
  } catch (error) {
    return;
  }
  if (state.openCommentForm !== null) return;
  if (!state.canEdit && data.version !== state.version) {
    load(data); // a reader has nothing unsaved: show the latest
    return;
  }
  if (JSON.stringify(data.comments) !== JSON.stringify(state.comments)) {
    state.comments = data.comments;
    root.querySelectorAll("[data-notes-for]").forEach((container) => fillNotes(container, container.dataset.notesFor));
    renderSide();
    updateCommentCount();
  }
  if (state.canEdit && data.version > state.version) showNewer(data);
}

function showNewer(data) {
  alerts.querySelectorAll("[data-testid=newer-version]").forEach((e) => e.remove());
  const when = new Date(data.updated_at).toLocaleTimeString("zh-CN", { hour12: false });
  const notice = h(
    "div",
    { class: "alert alert-info d-flex flex-wrap align-items-center gap-2", "data-testid": "newer-version" },
    h("span", { text: (data.updated_by || "他人") + " 于 " + when + " 保存了第" + data.version + "版。" })
  );
  if (state.dirty) {
    notice.append(h("span", { class: "small", text: "你的修改保存时会与之比对，可以合并。" }));
  } else {
    notice.append(
      button("载入最新版本", "btn-outline-primary", () => {
        notice.remove();
        if (!state.dirty) load(data);
      })
    );
  }
  alerts.prepend(notice);
}
