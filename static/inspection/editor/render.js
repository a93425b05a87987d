// Drawing the whole draft, and the labels and hints that follow the typing without a re-render.
import { updateCommentCount } from "./comments.js";
import { autosize } from "./dom.js";
import { numberedProblems, sectionNumbers } from "./numbering.js";
import { renderEditor } from "./outline.js";
import { root, state } from "./page.js";
import { renderReader } from "./reader.js";
import { renderSide } from "./side.js";

export function render() {
  root.replaceChildren(...(state.canEdit ? renderEditor() : renderReader()));
  requestAnimationFrame(() => root.querySelectorAll("textarea").forEach(autosize));
  renderSide();
  updateCommentCount();
}

// Live numbers and hints while typing (no re-render: the cursor stays where it is).
export function refreshLabels() {
  const numbers = sectionNumbers();
  root.querySelectorAll("[data-section-number]").forEach((element) => {
    element.textContent = numbers[element.dataset.sectionNumber] || "";
  });
  for (const { item } of numberedProblems()) {
    root.querySelectorAll('[data-answer-lead="' + item.id + '"]').forEach((element) => {
      element.textContent = item.lead || "（未写概括句）";
    });
    const hint = root.querySelector('[data-hint-for="' + item.id + '"]');
    if (hint) hint.classList.toggle("d-none", Boolean(item.example.trim()));
  }
}
