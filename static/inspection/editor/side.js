// The side panels: comments on the whole draft (or on a part deleted since), the opinions addressed
// to the author (个人提纲), and the checker's findings.
import { commentForm, commentNote } from "./comments.js";
import { button, h } from "./dom.js";
import { label, numberedProblems } from "./numbering.js";
import { postForm, root, side, state, urls } from "./page.js";
import { save } from "./saving.js";
import { poll } from "./updates.js";

// The parts shown on the page: a comment on any other part (deleted since, or on the whole draft)
// is listed in the side panel instead.
function shownParts() {
  return new Set(Array.from(root.querySelectorAll("[data-notes-for]"), (element) => element.dataset.notesFor));
}

export function renderSide() {
  if (!side) return;
  side.replaceChildren();
  if (state.findings) side.append(renderFindings());
  if (state.opinions.length) side.append(renderOpinions());
  const parts = shownParts();
  const general = state.comments.filter((c) => !c.part_id || !parts.has(c.part_id));
  if (general.length || state.canComment) {
    const card = h("div", { class: "card mb-3", "data-testid": "general-comments" });
    const body = h("div", { class: "card-body" });
    if (!general.length) body.append(h("div", { class: "small text-muted mb-2", text: "对全文的意见，或所指部分已删除的意见，显示在这里。" }));
    general.forEach((comment) => body.append(commentNote(comment)));
    if (state.canComment) {
      if (state.openCommentForm === "") body.append(commentForm(""));
      else body.append(button("对全文提意见", "btn-outline-warning", () => {
        state.openCommentForm = "";
        renderSide();
      }, { "data-testid": "comment-add-general" }));
    }
    card.append(h("div", { class: "card-header", text: "全文意见" }), body);
    side.append(card);
  }
}

function renderOpinions() {
  const card = h("div", { class: "card mb-3", "data-testid": "opinions-panel" });
  const done = state.opinions.filter((o) => o.ticked).length;
  card.append(h("div", { class: "card-header" }, "反馈给本人的意见 ", h("span", { class: "badge text-bg-secondary", text: done + "/" + state.opinions.length + " 已回应" })));
  const list = h("ul", { class: "list-group list-group-flush" });
  const problems = numberedProblems();
  const style = state.content.problems.style;
  for (const opinion of state.opinions) {
    const id = "opinion-" + opinion.id;
    const checkbox = h("input", { class: "form-check-input", type: "checkbox", id, disabled: !state.canTick });
    checkbox.checked = opinion.ticked;
    const select = h("select", { class: "form-select form-select-sm mt-1", disabled: !state.canTick || !opinion.ticked, "aria-label": "在哪个问题中回应" });
    select.append(h("option", { value: "" }, "（回应在哪个问题，可不选）"));
    for (const { number, item } of problems) {
      const option = h("option", { value: item.id }, label(style, number) + (item.lead || "").slice(0, 24));
      if (opinion.part_id === item.id) option.selected = true;
      select.append(option);
    }
    const message = h("div", { class: "small text-danger" });
    const send = async () => {
      const result = await postForm(urls.tick.replace(/\/0\/$/, "/" + opinion.id + "/"), { ticked: checkbox.checked ? "1" : "0", part_id: select.value });
      if (!result.ok) {
        message.textContent = result.data.error || "未能保存，请重试。";
        checkbox.checked = opinion.ticked;
        return;
      }
      opinion.ticked = result.data.ticked;
      opinion.part_id = result.data.part_id;
      renderSide();
    };
    checkbox.addEventListener("change", send);
    select.addEventListener("change", send);
    list.append(
      h(
        "li",
        { class: "list-group-item", "data-opinion-id": opinion.id, "data-testid": "opinion" },
        h("div", { class: "small" }, opinion.aspect ? h("span", { class: "badge text-bg-light border me-1", text: opinion.aspect }) : null, opinion.text),
        h("div", { class: "form-check mt-1" }, checkbox, h("label", { class: "form-check-label small", for: id, text: "已在提纲中回应" })),
        select,
        message
      )
    );
  }
  card.append(list);
  return card;
}

function renderFindings() {
  const { version, findings, error } = state.findings;
  const card = h("div", { class: "card mb-3 findings", "data-testid": "findings" });
  card.append(
    h(
      "div",
      { class: "card-header d-flex justify-content-between" },
      h("span", {}, "检查结果", h("span", { class: "small text-muted ms-1", text: "（第" + version + "版）" })),
      button("关闭", "btn-link py-0", () => {
        state.findings = null;
        renderSide();
      })
    )
  );
  const list = h("div", { class: "list-group list-group-flush" });
  if (error) list.append(h("div", { class: "list-group-item text-danger", text: error }));
  else if (!findings.length) list.append(h("div", { class: "list-group-item text-success", text: "未发现问题。" }));
  for (const finding of findings) {
    const item = h(
      "div",
      { class: "list-group-item list-group-item-action finding", "data-testid": "finding", "data-code": finding.code, tabindex: 0, role: "button" },
      h("div", { text: finding.message })
    );
    if (finding.code === "copied" || finding.other_passage) {
      item.append(
        h(
          "div",
          { class: "copy-pair mt-1" },
          h("div", {}, h("div", { class: "field-label", text: "本稿" }), h("div", { class: "copy-passage", text: finding.passage })),
          h("div", {}, h("div", { class: "field-label", text: finding.other_label || "其他材料" }), h("div", { class: "copy-passage", text: finding.other_passage }))
        )
      );
    }
    const go = () => highlight(finding);
    item.addEventListener("click", go);
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter") go();
    });
    list.append(item);
  }
  card.append(list);
  return card;
}

function highlight(finding) {
  const targets = [];
  for (const partId of finding.part_ids || []) {
    const element = root.querySelector('[data-part-id="' + CSS.escape(partId) + '"]');
    if (element) targets.push(element);
  }
  if (finding.opinion_id) {
    const element = side.querySelector('[data-opinion-id="' + finding.opinion_id + '"]');
    if (element) targets.push(element);
  }
  targets.forEach((element) => {
    if (element.tagName === "DETAILS") element.open = true;
    const details = element.closest("details");
    if (details) details.open = true;
    element.classList.remove("part-flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("part-flash");
    setTimeout(() => element.classList.remove("part-flash"), 2600);
  });
  if (targets.length) targets[0].scrollIntoView({ behavior: "smooth", block: "center" });
}

export async function runCheck(event) {
  const trigger = event && event.currentTarget;
  if (trigger) trigger.disabled = true;
  try {
    if (state.canEdit && state.dirty && !state.conflict) await save();
    const response = await fetch(urls.check, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    const data = await response.json().catch(() => ({}));
    state.findings = response.ok ? data : { version: state.version, findings: [], error: data.error || "检查未能完成，请稍后再试。" };
    if (response.ok && data.version !== state.version) poll(); // the check read a newer version
  } catch (error) {
    state.findings = { version: state.version, findings: [], error: "网络连接失败，检查未能完成。" };
  } finally {
    if (trigger) trigger.disabled = false;
  }
  renderSide();
  side.scrollIntoView({ behavior: "smooth", block: "start" });
}
