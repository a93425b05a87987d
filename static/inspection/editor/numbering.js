// Numbering as it will print. The printed forms ("一、" "（一）" "一是" "1.") come from the server
// (boot.labels, inspection/content.py printed_labels, spelled by documents/numbering.py); this module
// only counts positions, so that the numbers follow while the writer types, adds, moves and restyles
// parts, before any save comes back.
import { boot, state } from "./page.js";

export const SECTION_ORDER = ["previous", "problems", "causes", "measures", "matters"];

const labels = boot ? boot.labels : {};

// The n-th printed form (from 1). Past the end of the list (more than the documents can number, 99)
// the plain position is shown.
function nth(forms, n) {
  return (forms && forms[n - 1]) || String(n);
}

// The number before the n-th item of a list in a style ("yishi", "arabic", "chinese": content.label).
export function label(style, n) {
  return nth(labels[style] || labels.arabic, n);
}
export const level1 = (n) => nth(labels.level1, n);
export const level2 = (n) => nth(labels.level2, n);

// A heading followed by its summary needs a full stop in between (content.with_stop).
export function withStop(text) {
  return !text || /[。：；！？.:]$/.test(text) ? text : text + "。";
}

// The level-1 sections present, numbered 一、二、… over them (content.sections): {key: "一、"}.
export function sectionNumbers() {
  const numbers = {};
  let n = 0;
  for (const key of SECTION_ORDER) {
    if ((key === "previous" || key === "matters") && !state.content[key].text.trim()) continue;
    numbers[key] = level1(++n);
  }
  return numbers;
}

// Every problem with its group, numbered straight through all groups (content.problems).
export function numberedProblems() {
  const out = [];
  let number = 0;
  for (const group of state.content.problems.groups) {
    for (const item of group.items) out.push({ number: ++number, group, item });
  }
  return out;
}
