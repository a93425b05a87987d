// The editor: the draft's structure (inspection/content.py) as cards of fields, parts added, moved and
// deleted in place. Every change goes through changed() (saving.js); a change of structure re-renders.
import { commentButton, commentsFor, notesFor } from "./comments.js";
import { conflictNote } from "./conflict.js";
import { autosize, button, h } from "./dom.js";
import { label, level2, numberedProblems, sectionNumbers } from "./numbering.js";
import { root, state } from "./page.js";
import { render } from "./render.js";
import { changed } from "./saving.js";

const PROBLEM_STYLES = [
  ["yishi", "一是、二是…（班子材料常用）"],
  ["arabic", "1. 2. …（个人提纲常用）"],
];
const LIST_STYLES = [
  ["yishi", "一是、二是…"],
  ["arabic", "1. 2. …"],
  ["chinese", "（一）（二）…"],
];
const KIND_NAMES = { problem: "问题", cause: "原因", measure: "措施", group: "方面", preamble: "开头" };

function aspectName(order) {
  const aspect = state.aspects.find((a) => a.order === order);
  return aspect ? aspect.name : "";
}

function newId(prefix) {
  const used = new Set();
  for (const group of state.content.problems.groups) {
    used.add(group.id);
    group.items.forEach((item) => used.add(item.id));
  }
  state.content.causes.items.forEach((item) => used.add(item.id));
  state.content.measures.items.forEach((item) => used.add(item.id));
  for (;;) {
    const bytes = new Uint8Array(4);
    crypto.getRandomValues(bytes);
    const id = prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    if (!used.has(id)) return id;
  }
}

export function field(object, key, options) {
  const conflictKey = options.conflictKey;
  const textarea = h("textarea", {
    class: "form-control" + (options.singleLine ? " single-line" : ""),
    rows: options.rows || (options.singleLine ? 1 : 3),
    placeholder: options.placeholder || "",
    "data-field": options.dataField || key,
    "aria-label": options.label || options.ariaLabel,
    maxlength: 20000,
  });
  textarea.value = object[key] || "";
  textarea.addEventListener("input", () => {
    if (options.singleLine && textarea.value.includes("\n")) textarea.value = textarea.value.replace(/\n/g, "");
    object[key] = textarea.value;
    autosize(textarea);
    changed();
  });
  if (options.singleLine) {
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }
  const wrapper = h(
    "div",
    { class: options.class || "mb-2", "data-conflict-key": conflictKey },
    options.label ? h("div", { class: "field-label", text: options.label }) : null,
    textarea,
    options.hint || null
  );
  const conflicts = state.mergeConflicts.filter((c) => c.field && c.part_id + ":" + c.field === conflictKey);
  conflicts.forEach((conflict) => wrapper.append(conflictNote(conflict, object, key, textarea)));
  return wrapper;
}

function styleSelect(section, choices, testid) {
  const select = h("select", { class: "form-select form-select-sm w-auto", "data-field": "style", "aria-label": "编号样式", "data-testid": testid });
  for (const [value, text] of choices) {
    const option = h("option", { value }, text);
    if (section.style === value) option.selected = true;
    select.append(option);
  }
  select.addEventListener("change", () => {
    section.style = select.value;
    changed();
    render();
  });
  return h("label", { class: "d-inline-flex align-items-center gap-2 small text-muted" }, "编号样式", select);
}

export function partCard(partId, kind, headerLeft, fields, buttons) {
  const card = h(
    "div",
    { class: "card part-card mb-2", "data-part-id": partId, "data-kind": kind },
    h(
      "div",
      { class: "card-header d-flex flex-wrap align-items-center gap-2" },
      headerLeft,
      h("div", { class: "ms-auto d-flex flex-wrap gap-1" }, buttons)
    ),
    h("div", { class: "card-body part-body" }, h("div", { class: "part-fields" }, fields), notesFor(partId))
  );
  if (commentsFor(partId).some((c) => !c.resolved)) card.classList.add("has-unresolved");
  return card;
}

function moveButtons(list, index, what) {
  if (!state.canEdit) return [];
  return [
    button("↑", "btn-outline-secondary", () => move(list, index, -1), { title: "上移", "aria-label": "上移", disabled: index === 0 }),
    button("↓", "btn-outline-secondary", () => move(list, index, 1), { title: "下移", "aria-label": "下移", disabled: index === list.length - 1 }),
    button("删除", "btn-outline-danger", () => remove(list, index, what), { "data-testid": "delete-part" }),
  ];
}

function move(list, index, step) {
  const target = index + step;
  if (target < 0 || target >= list.length) return;
  [list[index], list[target]] = [list[target], list[index]];
  changed();
  render();
}

function remove(list, index, what) {
  const item = list[index];
  const lead = (item.lead || "").trim();
  if (!window.confirm("确定删除" + what + (lead ? "“" + lead.slice(0, 30) + "”" : "") + "吗？")) return;
  list.splice(index, 1);
  for (const measure of state.content.measures.items) {
    measure.answers = measure.answers.filter((id) => id !== item.id);
  }
  changed();
  render();
}

function addItem(list, item) {
  list.push(item);
  changed();
  render();
  const part = root.querySelector('[data-part-id="' + item.id + '"] textarea');
  if (part) {
    part.focus();
    part.scrollIntoView({ block: "center" });
  }
}

function exampleHint(item) {
  return h("div", {
    class: "hint-missing" + (item.example.trim() ? " d-none" : ""),
    "data-hint-for": item.id,
    text: "还没有具体事例。要见人见事见思想，请用“比如，……”写出一件具体的事。",
  });
}

function renderHead() {
  const c = state.content;
  const card = h("section", { class: "card section-card mb-3", "data-section": "head" });
  const body = h("div", { class: "card-body" });
  body.append(
    field(c, "title", { label: "标题", singleLine: true, conflictKey: "title:title" }),
    field(c, "byline", { label: "署名（印在标题下，可不填）", singleLine: true, conflictKey: "byline:byline", dataField: "byline" })
  );
  const preamble = h(
    "div",
    { "data-part-id": "preamble", "data-kind": "preamble", class: "mt-2" },
    h("div", { class: "d-flex align-items-center gap-2" }, h("div", { class: "field-label flex-grow-1", text: "开头段落" }), commentButton("preamble")),
    h(
      "div",
      { class: "part-body" },
      h("div", { class: "part-fields" }, field(c, "preamble", { rows: 3, dataField: "text", conflictKey: "preamble:preamble", placeholder: "根据……现将对照检查情况报告如下：" })),
      notesFor("preamble")
    )
  );
  body.append(preamble);
  card.append(h("div", { class: "card-header fw-semibold", text: "标题和开头" }), body);
  return card;
}

function renderOptional(key, numbers) {
  const section = state.content[key];
  const details = h("details", { class: "card section-card mb-3", "data-section": key, open: section.text.trim() || commentsFor(key).length ? true : null });
  details.append(
    h(
      "summary",
      { class: "card-header" },
      h("span", { class: "section-number me-1", "data-section-number": key, text: numbers[key] || "" }),
      section.title,
      h("span", { class: "small text-muted ms-2", text: "（可选，未填写时不印出）" })
    )
  );
  const part = h(
    "div",
    { class: "card-body", "data-part-id": key, "data-kind": key },
    field(section, "title", { label: "标题", singleLine: true, conflictKey: key + ":title" }),
    h(
      "div",
      { class: "part-body" },
      h("div", { class: "part-fields" }, field(section, "text", { label: "内容", rows: 4, conflictKey: key + ":text" })),
      notesFor(key)
    ),
    commentButton(key)
  );
  details.append(part);
  return details;
}

function sectionHeader(key, numbers, section, extra) {
  return h(
    "div",
    { class: "card-header d-flex flex-wrap align-items-center gap-2" },
    h("span", { class: "section-number", "data-section-number": key, text: numbers[key] || "" }),
    h("div", { class: "flex-grow-1" }, field(section, "title", { singleLine: true, class: "mb-0", conflictKey: key + ":title", label: null, ariaLabel: "章节标题" })),
    extra
  );
}

function renderProblems(numbers) {
  const section = state.content.problems;
  const card = h("section", { class: "card section-card mb-3", "data-section": "problems" });
  card.append(sectionHeader("problems", numbers, section, styleSelect(section, PROBLEM_STYLES, "problem-style")));
  const body = h("div", { class: "card-body" });
  body.append(field(section, "intro", { label: "导语（可不填）", rows: 2, conflictKey: "problems:intro" }));
  let number = 0;
  section.groups.forEach((group, g) => {
    const name = group.aspect === null || group.aspect === undefined ? "自拟方面" : aspectName(group.aspect) || "第" + group.aspect + "方面";
    const groupCard = h("div", { class: "card group-card mb-3", "data-part-id": group.id, "data-kind": "group" });
    groupCard.append(
      h(
        "div",
        { class: "card-header d-flex flex-wrap align-items-center gap-2" },
        h("span", { class: "part-label", text: level2(g + 1) }),
        h("span", { class: "badge text-bg-light border", text: "对应方面：" + name }),
        h("span", { class: "small text-muted", text: group.items.length + "个问题" }),
        h("div", { class: "ms-auto" }, commentButton(group.id))
      )
    );
    const groupBody = h("div", { class: "card-body" });
    groupBody.append(
      h(
        "div",
        { class: "part-body mb-2" },
        h(
          "div",
          { class: "part-fields" },
          field(group, "heading", { label: "标题", singleLine: true, conflictKey: group.id + ":heading" }),
          field(group, "summary", { label: "概述（接在标题后，可不填）", rows: 2, conflictKey: group.id + ":summary", placeholder: "主要是……" })
        ),
        notesFor(group.id)
      )
    );
    group.items.forEach((item, index) => {
      number += 1;
      groupBody.append(
        partCard(
          item.id,
          "problem",
          [h("span", { class: "part-label", "data-label-for": item.id, text: label(section.style, number) }), h("span", { class: "small text-muted", text: "问题" + number })],
          [
            field(item, "lead", { label: "概括句", singleLine: true, conflictKey: item.id + ":lead", placeholder: "一句话概括问题，如：学习“往深处走”不够。" }),
            field(item, "text", { label: "具体表现", rows: 3, conflictKey: item.id + ":text" }),
            field(item, "example", { label: "事例", rows: 2, conflictKey: item.id + ":example", placeholder: "比如，……", hint: exampleHint(item) }),
          ],
          [...moveButtons(group.items, index, "问题" + number), commentButton(item.id)]
        )
      );
    });
    if (state.canEdit) {
      groupBody.append(
        button("＋ 添加问题", "btn-outline-danger", () => addItem(group.items, { id: newId("p"), lead: "", text: "", example: "" }), { "data-testid": "add-problem" })
      );
    } else if (!group.items.length) {
      groupBody.append(h("div", { class: "text-muted small", text: "这一方面还没有查摆问题。" }));
    }
    groupCard.append(groupBody);
    body.append(groupCard);
  });
  card.append(body);
  return card;
}

function answersList(measure) {
  const problems = numberedProblems();
  const style = state.content.problems.style;
  const box = h("fieldset", { class: "answers mt-1", "data-testid": "answers" }, h("legend", { class: "field-label mb-1 float-none w-auto", text: "对应的问题" }));
  if (!problems.length) {
    box.append(h("div", { class: "small text-muted", text: "还没有问题可以对应。" }));
    return box;
  }
  for (const { number, item } of problems) {
    const id = "answer-" + measure.id + "-" + item.id;
    const input = h("input", { class: "form-check-input", type: "checkbox", id, value: item.id, disabled: !state.canEdit });
    input.checked = measure.answers.includes(item.id);
    input.addEventListener("change", () => {
      const others = measure.answers.filter((a) => a !== item.id);
      measure.answers = input.checked ? [...others, item.id] : others;
      changed();
    });
    box.append(
      h(
        "div",
        { class: "form-check" },
        input,
        h("label", { class: "form-check-label", for: id }, h("span", { class: "me-1", text: label(style, number) }), h("span", { "data-answer-lead": item.id, text: item.lead || "（未写概括句）" }))
      )
    );
  }
  return box;
}

function renderList(key, numbers) {
  const section = state.content[key];
  const kind = key === "causes" ? "cause" : "measure";
  const noun = KIND_NAMES[kind];
  const card = h("section", { class: "card section-card mb-3", "data-section": key });
  card.append(sectionHeader(key, numbers, section, styleSelect(section, LIST_STYLES, kind + "-style")));
  const body = h("div", { class: "card-body" });
  body.append(field(section, "intro", { label: "导语（可不填）", rows: 2, conflictKey: key + ":intro" }));
  section.items.forEach((item, index) => {
    const fields = [
      field(item, "lead", { label: "概括句", singleLine: true, conflictKey: item.id + ":lead" }),
      field(item, "text", { label: "内容", rows: 3, conflictKey: item.id + ":text" }),
    ];
    if (kind === "measure") fields.push(answersList(item));
    body.append(
      partCard(
        item.id,
        kind,
        [h("span", { class: "part-label", text: label(section.style, index + 1) }), h("span", { class: "small text-muted", text: noun + (index + 1) })],
        fields,
        [...moveButtons(section.items, index, noun + (index + 1)), commentButton(item.id)]
      )
    );
  });
  if (state.canEdit) {
    const item = () => (kind === "measure" ? { id: newId("m"), lead: "", text: "", answers: [] } : { id: newId("c"), lead: "", text: "" });
    body.append(button("＋ 添加" + noun, "btn-outline-danger", () => addItem(section.items, item()), { "data-testid": "add-" + kind }));
  } else if (!section.items.length) {
    body.append(h("div", { class: "text-muted small", text: "还没有填写。" }));
  }
  card.append(body);
  return card;
}

export function renderEditor() {
  const numbers = sectionNumbers();
  return [
    renderHead(),
    renderOptional("previous", numbers),
    renderProblems(numbers),
    renderList("causes", numbers),
    renderList("measures", numbers),
    renderOptional("matters", numbers),
  ];
}
