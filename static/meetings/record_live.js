/* 现场记录模式: saves one member's turn a moment after the recorder stops typing, through the same form
 * that posts without JS (record_views.statement_save answers JSON when asked). A failed save leaves every
 * word on the page and says so; moving to another member waits for the save. An ES module, no build
 * step; when to save is js/autosave.js, shared with the draft editor. */
import { Autosave } from "../js/autosave.js";

const DEBOUNCE_MS = 2500; // save 2.5 s after the last keystroke
const RETRY_MS = 10000; // a save that failed on the network is tried again

const liveForm = document.getElementById("live-form");
if (liveForm && liveForm.dataset.editable === "true") start(liveForm);

function start(form) {
  const rowsBox = form.querySelector("[data-criticism-rows]");
  const template = document.getElementById("criticism-template");
  const addButton = form.querySelector("[data-testid=add-criticism]");
  const stateElement = document.querySelector("[data-testid=save-state]");
  const warningsBox = document.querySelector("[data-testid=live-warnings]");
  const csrfToken = form.querySelector("[name=csrfmiddlewaretoken]").value;

  let dirty = false;
  let stale = false; // saved elsewhere since this page loaded: stop saving, keep the text
  const saver = new Autosave({ send, pending: () => dirty, debounceMs: DEBOUNCE_MS });

  function setState(text, kind) {
    stateElement.textContent = text;
    stateElement.classList.toggle("text-danger", kind === "error");
    stateElement.classList.toggle("text-success", kind === "ok");
    stateElement.classList.toggle("text-muted", kind !== "error" && kind !== "ok");
  }

  function rows() {
    return Array.from(rowsBox.querySelectorAll("[data-criticism-row]"));
  }

  function showNameInput(row) {
    const select = row.querySelector("[name=criticism-by]");
    const name = row.querySelector("[data-by-name]");
    name.hidden = select.value !== "other";
  }

  function bindRow(row) {
    const remove = row.querySelector("[data-remove-criticism]");
    remove.hidden = false;
    remove.addEventListener("click", function () {
      const text = row.querySelector("[name=criticism-text]").value.trim();
      if (text && !window.confirm("确定删除这条批评意见吗？")) return;
      row.remove();
      changed();
    });
    row.querySelector("[name=criticism-by]").addEventListener("change", function () {
      showNameInput(row);
      if (this.value === "other") row.querySelector("[data-by-name]").focus();
    });
    showNameInput(row);
    // A talk's criticism stands out until the recorder ticks 已在会上提出.
    const confirmed = row.querySelector("[name=criticism-confirmed]");
    if (confirmed) {
      confirmed.addEventListener("change", function () {
        row.classList.toggle("bg-warning-subtle", !confirmed.checked);
        row.classList.toggle("bg-white", confirmed.checked);
      });
    }
  }

  function showWarnings(messages) {
    const list = warningsBox.querySelector("[data-warning-list]");
    const none = warningsBox.querySelector("[data-no-warnings]");
    list.replaceChildren(
      ...messages.map(function (message) {
        const item = document.createElement("li");
        item.textContent = message;
        return item;
      })
    );
    list.hidden = messages.length === 0;
    none.hidden = messages.length !== 0;
  }

  function markCurrentMember(complete, count) {
    const mark = document.querySelector("[data-current-member] [data-member-mark]");
    if (!mark) return;
    const state = mark.querySelector(".badge");
    if (state && !state.classList.contains("text-bg-secondary")) {
      state.className = complete ? "badge text-bg-success" : "badge text-bg-light border text-dark";
      state.textContent = complete ? "✓ 已记录" : "未完成";
    }
    const counter = mark.querySelectorAll(".badge")[1];
    if (counter) counter.textContent = "批评 " + count;
  }

  function changed() {
    dirty = true;
    if (stale) return; // the refusal stays on screen; the recorder copies the text and reloads
    setState("有未保存的修改……", "pending");
    saver.schedule();
  }

  async function send() {
    if (stale) return false;
    const sent = rows();
    const body = new URLSearchParams(new FormData(form));
    dirty = false;
    setState("正在保存……", "pending");
    let response;
    let answer = {};
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      });
      answer = await response.json().catch(function () {
        return {};
      });
    } catch (error) {
      dirty = true;
      setState("保存失败：网络连接中断。内容仍保留在页面上，10秒后自动重试，也可点“保存”。", "error");
      saver.retryIn(RETRY_MS);
      return false;
    }
    if (!response.ok) {
      dirty = true;
      // Saved elsewhere, or the record no longer takes turns (finalised, archived, not yet held): stop.
      stale = stale || Boolean(answer.stale) || Boolean(answer.locked);
      const reason = answer.error || "服务器返回错误（" + response.status + "）";
      setState("保存失败：" + reason + (stale ? "" : " 内容仍保留在页面上。"), "error");
      return false;
    }
    if (!answer.saved_at) {
      // e.g. the login expired and the request landed on the login page
      dirty = true;
      setState("保存失败：服务器没有确认保存（可能登录已过期）。请在新标签页重新登录后点“保存”，内容仍保留在页面上。", "error");
      return false;
    }
    form.querySelector("[name=version]").value = answer.version;
    // The ids of the rows just saved, so that the next save updates them instead of adding them again.
    (answer.criticisms || []).forEach(function (id, index) {
      if (sent[index]) sent[index].querySelector("[name=criticism-id]").value = id === null ? "" : id;
    });
    showWarnings(answer.warnings || []);
    // The count is of the criticisms raised at the meeting: a talk's one counts once it is confirmed.
    markCurrentMember(answer.complete, answer.confirmed_count);
    setState(dirty ? "有未保存的修改……" : "已保存于 " + answer.saved_at, dirty ? "pending" : "ok");
    return true;
  }

  async function leaveTo(href) {
    if (await saver.flush()) {
      window.location.href = href;
    } else if (window.confirm("本位同志的记录未能保存。仍要离开吗？未保存的内容将丢失。")) {
      dirty = false;
      window.location.href = href;
    }
  }

  rows().forEach(bindRow);
  addButton.hidden = false;
  addButton.addEventListener("click", function () {
    const row = template.content.firstElementChild.cloneNode(true);
    rowsBox.appendChild(row);
    bindRow(row);
    row.querySelector("[name=criticism-by]").focus();
  });

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    dirty = true; // 保存 always saves, even with nothing typed since the last save
    const next = event.submitter && event.submitter.name === "next";
    const nextLink = document.querySelector("[data-testid=next-member]");
    if (next && nextLink) {
      leaveTo(nextLink.href);
    } else {
      saver.save();
    }
  });
  document.querySelectorAll("[data-member-link]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!dirty && !saver.saving) return;
      event.preventDefault();
      leaveTo(link.href);
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty || saver.saving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  setState("已载入，输入后自动保存", "pending");
}
