// Read-only, like the printed document: for the draft's readers and for its writer once it is submitted.
import { commentButton, commentsFor, notesFor } from "./comments.js";
import { h } from "./dom.js";
import { SECTION_ORDER, label, level2, numberedProblems, sectionNumbers, withStop } from "./numbering.js";
import { state } from "./page.js";

function readPart(partId, kind, paragraph) {
  const add = commentButton(partId);
  if (add) add.classList.add("py-0");
  const part = h(
    "div",
    { class: "read-part", "data-part-id": partId, "data-kind": kind },
    h("div", { class: "part-body" }, h("div", { class: "part-fields" }, add ? h("div", { class: "read-actions" }, add) : null, paragraph), notesFor(partId))
  );
  if (commentsFor(partId).some((c) => !c.resolved)) part.classList.add("has-unresolved");
  return part;
}

function span(fieldName, text, className) {
  return h("span", { "data-field": fieldName, class: className || null, text });
}

export function renderReader() {
  const c = state.content;
  const numbers = sectionNumbers();
  const article = h("article", { class: "draft-read border rounded" });
  article.append(h("div", { class: "read-title", "data-field": "title", text: c.title }));
  if (c.byline) article.append(h("div", { class: "read-byline", "data-field": "byline", text: c.byline }));
  if (c.preamble || state.canComment) {
    article.append(readPart("preamble", "preamble", h("p", {}, c.preamble ? span("text", c.preamble) : h("span", { class: "read-empty", text: "（开头段落未填写）" }))));
  }
  for (const key of SECTION_ORDER) {
    if (!numbers[key]) continue;
    const section = c[key];
    article.append(h("h2", {}, numbers[key], span("title", section.title)));
    if (key === "previous" || key === "matters") {
      article.append(readPart(key, key, h("p", {}, span("text", section.text))));
      continue;
    }
    if (section.intro) article.append(h("p", { class: "read-intro" }, span("intro", section.intro)));
    if (key === "problems") {
      let number = 0;
      section.groups.forEach((group, g) => {
        article.append(
          readPart(group.id, "group", h("p", {}, level2(g + 1), span("heading", withStop(group.heading)), span("summary", group.summary)))
        );
        for (const item of group.items) {
          number += 1;
          article.append(
            readPart(
              item.id,
              "problem",
              h(
                "p",
                {},
                h("span", { class: "part-label", "data-label-for": item.id, text: label(section.style, number) }),
                span("lead", item.lead, "read-lead"),
                span("text", item.text),
                item.example ? span("example", item.example) : h("span", { class: "hint-missing ms-1", text: "（未举事例）" })
              )
            )
          );
        }
      });
      if (!number) article.append(h("p", { class: "read-empty", text: "（还没有查摆问题）" }));
    } else {
      const kind = key === "causes" ? "cause" : "measure";
      section.items.forEach((item, index) => {
        const paragraph = h("p", {}, h("span", { class: "part-label", text: label(section.style, index + 1) }), span("lead", item.lead, "read-lead"), span("text", item.text));
        const part = readPart(item.id, kind, paragraph);
        if (kind === "measure" && item.answers.length) {
          const names = numberedProblems()
            .filter(({ item: problem }) => item.answers.includes(problem.id))
            .map(({ number }) => "问题" + number);
          part.querySelector(".part-fields").append(h("div", { class: "small text-muted", text: "对应：" + names.join("、") }));
        }
        article.append(part);
      });
      if (!section.items.length) article.append(h("p", { class: "read-empty", text: "（还没有填写）" }));
    }
  }
  return [article];
}
