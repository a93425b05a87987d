// 修改意见: a reviewer's comments anchored to a part of the draft, shown beside it, resolved by the author.
import { button, h } from "./dom.js";
import { postForm, root, state, urls } from "./page.js";
import { renderSide } from "./side.js";

export function commentsFor(partId) {
  return state.comments.filter((c) => c.part_id === partId);
}

export function commentNote(comment) {
  return h(
    "div",
    { class: "comment-note" + (comment.resolved ? " resolved" : ""), "data-testid": "comment", "data-comment-id": comment.id },
    h(
      "div",
      { class: "small d-flex justify-content-between gap-2" },
      h("span", {}, h("strong", { text: comment.by || "审阅人" }), " · ", comment.at),
      comment.resolved ? h("span", { class: "badge text-bg-secondary", text: "已处理" }) : h("span", { class: "badge text-bg-warning", text: "待处理" })
    ),
    h("div", { class: "comment-text", text: comment.text }),
    comment.quote ? h("blockquote", { title: comment.quote, text: (comment.part_label ? comment.part_label + "：" : "") + comment.quote }) : null,
    comment.can_resolve && !comment.resolved
      ? button("已处理", "btn-outline-secondary mt-1", () => resolveComment(comment), { "data-testid": "comment-resolve" })
      : null
  );
}

export function commentForm(partId) {
  const textarea = h("textarea", { class: "form-control form-control-sm mb-2", name: "comment-text", rows: 3, placeholder: "修改意见，如：事例不够具体，请补充时间、事情和影响。" });
  const error = h("div", { class: "text-danger small mb-1" });
  const save = button("提交意见", "btn-warning", async () => {
    save.disabled = true;
    const result = await postForm(urls.comment, { part_id: partId, text: textarea.value });
    save.disabled = false;
    if (!result.ok) {
      error.textContent = result.data.error || "意见未能提交，请重试。";
      return;
    }
    state.comments.push(result.data.comment);
    state.openCommentForm = null;
    renderNotes(partId);
    updateCommentCount();
  }, { "data-testid": "comment-save" });
  const cancel = button("取消", "btn-link", () => {
    state.openCommentForm = null;
    renderNotes(partId);
  });
  setTimeout(() => textarea.focus(), 0);
  return h("div", { class: "comment-form" }, h("div", { class: "field-label", text: "添加意见" }), textarea, error, h("div", { class: "d-flex gap-2" }, save, cancel));
}

export function notesFor(partId) {
  const container = h("div", { class: "part-notes", "data-notes-for": partId });
  fillNotes(container, partId);
  return container;
}

export function fillNotes(container, partId) {
  container.replaceChildren();
  commentsFor(partId).forEach((comment) => container.append(commentNote(comment)));
  if (state.openCommentForm === partId) container.append(commentForm(partId));
  const part = container.closest("[data-part-id]");
  if (part) part.classList.toggle("has-unresolved", commentsFor(partId).some((c) => !c.resolved));
}

export function renderNotes(partId) {
  if (partId === "") {
    renderSide();
    return;
  }
  const container = root.querySelector('[data-notes-for="' + CSS.escape(partId) + '"]');
  if (container) fillNotes(container, partId);
  else renderSide();
}

export function commentButton(partId) {
  if (!state.canComment) return null;
  return button("添加意见", "btn-outline-warning", () => {
    state.openCommentForm = partId;
    renderNotes(partId);
  }, { "data-testid": "comment-add" });
}

async function resolveComment(comment) {
  const result = await postForm(urls.resolve.replace(/\/0\/resolve\/$/, "/" + comment.id + "/resolve/"), {});
  if (!result.ok) {
    window.alert(result.data.error || "未能标记为已处理。");
    return;
  }
  Object.assign(comment, result.data.comment);
  renderNotes(comment.part_id);
  updateCommentCount();
}

export function updateCommentCount() {
  const count = document.querySelector("[data-testid=comment-count]");
  if (count) count.textContent = state.comments.filter((c) => !c.resolved).length;
}
