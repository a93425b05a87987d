// No lost update: a save refused because someone else saved first (409) stops autosaving and offers to
// merge; the fields both sides changed keep the other's text with the writer's own beside them.
import { button, copyText, h, autosize } from "./dom.js";
import { clearLocal, storeLocally } from "./local.js";
import { alerts, root, state, urls } from "./page.js";
import { render } from "./render.js";
import { changed, save, saver, showState } from "./saving.js";
import { load } from "./updates.js";

export function conflictNote(conflict, object, key, textarea) {
  const note = h(
    "div",
    { class: "conflict-note", "data-testid": "merge-conflict" },
    h("div", { class: "fw-semibold text-danger", text: "与对方的修改冲突：" + conflict.label }),
    h("div", { class: "small text-muted", text: "此处已保留对方的文本。你的文本：" }),
    h("pre", { text: conflict.mine })
  );
  const actions = h("div", { class: "d-flex flex-wrap gap-2" });
  actions.append(
    button("复制你的文本", "btn-outline-secondary", (event) => copyText(conflict.mine, event.target), { "data-testid": "copy-mine" }),
    button("改用你的文本", "btn-outline-danger", () => {
      object[key] = conflict.mine;
      textarea.value = conflict.mine;
      autosize(textarea);
      dismissConflict(conflict);
      changed();
    }),
    button("知道了", "btn-link", () => dismissConflict(conflict))
  );
  note.append(actions);
  return note;
}

function dismissConflict(conflict) {
  state.mergeConflicts = state.mergeConflicts.filter((c) => c !== conflict);
  render();
  renderMergedNotice();
}

export function enterConflict(data) {
  saver.cancel();
  alerts.querySelectorAll("[data-testid=newer-version]").forEach((e) => e.remove());
  state.conflict = data;
  storeLocally();
  showState();
  renderConflict();
}

function renderConflict() {
  alerts.querySelectorAll("[data-testid=conflict-panel], [data-testid=merged-notice]").forEach((e) => e.remove());
  const data = state.conflict;
  if (!data) return;
  const conflicts = data.conflicts || [];
  const panel = h(
    "div",
    { class: "alert alert-danger", "data-testid": "conflict-panel", role: "alert" },
    h("div", { class: "fw-semibold mb-1", text: data.error }),
    h(
      "div",
      { class: "small mb-2" },
      "自动保存已暂停，你的文字仍在下面的编辑区中。被拒绝保存的内容也已保存在服务器上：",
      h("a", { href: data.refused_url, target: "_blank", rel: "noopener", "data-testid": "refused-link", text: "查看我的未保存修改" }),
      "。"
    ),
    h("div", { class: "small fw-semibold", text: data.latest_by + " 所做的修改（第" + (data.base_version ?? "") + "版 → 第" + data.latest_version + "版）：" }),
    h("div", { class: "their-changes my-2", "data-testid": "their-changes", html: data.their_changes_html || "<p class='diff-skip'>（没有文字改动）</p>" }),
    conflicts.length
      ? h("div", { class: "small mb-2", text: "有" + conflicts.length + "处双方都改动了：合并后保留对方的文本，你的文本显示在相应位置旁，可复制或改用。" })
      : h("div", { class: "small mb-2", text: "双方改动的是不同的地方，可以直接合并。" }),
    h(
      "div",
      { class: "d-flex flex-wrap gap-2" },
      button("合并双方修改", "btn-danger", mergeBoth, { "data-testid": "merge-button" }),
      button("放弃我的修改，载入最新版本", "btn-outline-secondary", discardMine, { "data-testid": "discard-button" })
    )
  );
  alerts.prepend(panel);
  panel.scrollIntoView({ behavior: "smooth", block: "start" });
}

async function mergeBoth() {
  const data = state.conflict;
  if (!data) return;
  state.content = data.merged;
  state.version = data.latest_version;
  state.mergeConflicts = data.conflicts || [];
  state.mergedFrom = data.refused_id;
  state.conflict = null;
  state.error = "";
  render();
  renderConflict();
  renderMergedNotice();
  state.dirty = true;
  state.editCount += 1;
  storeLocally();
  await save();
}

export function renderMergedNotice(savedVersion) {
  alerts.querySelectorAll("[data-testid=merged-notice]").forEach((e) => e.remove());
  const saved = savedVersion ? "，当前为第" + savedVersion + "版" : "";
  if (!state.mergeConflicts.length) {
    if (savedVersion) {
      const done = h(
        "div",
        { class: "alert alert-success alert-dismissible", "data-testid": "merged-notice" },
        "已合并双方的修改" + saved + "。",
        h("button", { type: "button", class: "btn-close", "data-bs-dismiss": "alert", "aria-label": "关闭" })
      );
      alerts.prepend(done);
    }
    return;
  }
  const notice = h(
    "div",
    { class: "alert alert-warning", "data-testid": "merged-notice" },
    h("div", { class: "fw-semibold", text: "已合并双方的修改" + saved + "。以下" + state.mergeConflicts.length + "处双方都改动过，已保留对方的文本，请核对：" })
  );
  const list = h("ul", { class: "mb-0 small" });
  for (const conflict of state.mergeConflicts) {
    const item = h("li", {}, conflict.label);
    if (conflict.mine) {
      item.append(" ", button("复制你的文本", "btn-link btn-sm p-0 align-baseline", (event) => copyText(conflict.mine, event.target)));
    }
    const target = root.querySelector('[data-conflict-key="' + CSS.escape(conflict.part_id + ":" + conflict.field) + '"]') || root.querySelector('[data-part-id="' + CSS.escape(conflict.part_id) + '"]');
    if (target) item.append(" ", button("定位", "btn-link btn-sm p-0 align-baseline", () => target.scrollIntoView({ behavior: "smooth", block: "center" })));
    list.append(item);
  }
  notice.append(list, button("全部知道了", "btn-sm btn-outline-secondary mt-2", () => {
    state.mergeConflicts = [];
    render();
    notice.remove();
  }));
  alerts.prepend(notice);
}

async function discardMine() {
  const data = state.conflict;
  if (!data) return;
  if (!window.confirm("放弃你的修改并载入第" + data.latest_version + "版？你的修改仍可在“查看我的未保存修改”页面找到。")) return;
  try {
    const response = await fetch(urls.api, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    load(await response.json());
  } catch (error) {
    window.alert("未能载入最新版本，请刷新页面。");
    return;
  }
  clearLocal();
  alerts.querySelectorAll("[data-testid=conflict-panel]").forEach((e) => e.remove());
}
