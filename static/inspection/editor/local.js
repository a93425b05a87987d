// The unsaved text kept in the browser (localStorage) until the server has it, and offered back after a
// crash or a lost connection.
import { button, h } from "./dom.js";
import { alerts, state, storagePrefix } from "./page.js";
import { render } from "./render.js";
import { changed, save } from "./saving.js";

function storageKeys() {
  const keys = [];
  try {
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key && key.startsWith(storagePrefix)) keys.push(key);
    }
  } catch (error) {
    /* storage disabled: nothing kept */
  }
  return keys;
}

export function storeLocally() {
  if (!state.canEdit) return;
  try {
    const key = storagePrefix + state.version;
    storageKeys().forEach((other) => other !== key && localStorage.removeItem(other));
    localStorage.setItem(key, JSON.stringify({ version: state.version, at: new Date().toISOString(), content: state.content }));
  } catch (error) {
    /* quota or privacy mode: the server copy is what we have */
  }
}

export function clearLocal() {
  try {
    storageKeys().forEach((key) => localStorage.removeItem(key));
  } catch (error) {
    /* nothing to clear */
  }
}

function trimmed(value) {
  if (typeof value === "string") return value.trim();
  if (Array.isArray(value)) return value.map(trimmed);
  if (value && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = trimmed(value[key]);
    return out;
  }
  return value;
}

function sameContent(a, b) {
  return JSON.stringify(trimmed(a)) === JSON.stringify(trimmed(b));
}

export function offerRestore() {
  if (!state.canEdit) return;
  let stored = null;
  for (const key of storageKeys()) {
    try {
      const value = JSON.parse(localStorage.getItem(key));
      if (value && value.content && (!stored || value.at > stored.at)) stored = value;
    } catch (error) {
      localStorage.removeItem(key);
    }
  }
  if (!stored || stored.version > state.version || sameContent(stored.content, state.content)) {
    if (stored) clearLocal();
    return;
  }
  const when = new Date(stored.at).toLocaleString("zh-CN", { hour12: false });
  const older = stored.version < state.version;
  const box = h(
    "div",
    { class: "alert alert-warning", "data-testid": "restore-offer" },
    h("div", { class: "fw-semibold", text: "本机保留着尚未保存的修改（" + when + "，基于第" + stored.version + "版）。" }),
    older ? h("div", { class: "small", text: "此后已有人保存了第" + state.version + "版；恢复后将与最新版本合并。" }) : null,
    h(
      "div",
      { class: "d-flex gap-2 mt-2" },
      button("恢复这些修改", "btn-warning", () => {
        box.remove();
        state.content = stored.content;
        state.version = stored.version;
        render();
        changed();
        save();
      }, { "data-testid": "restore-local" }),
      button("丢弃", "btn-outline-secondary", () => {
        if (!window.confirm("丢弃本机保留的修改？丢弃后无法找回。")) return;
        clearLocal();
        box.remove();
      })
    )
  );
  alerts.prepend(box);
}
