// 参与人: find people in the grouped list by name, title, unit or branch, and see whom you ticked.
// Without the script every group is listed in full and the form works the same.

const picker = document.querySelector("[data-people-picker]");

if (picker) {
  const search = picker.querySelector("[data-people-search]");
  const summary = picker.querySelector("[data-people-summary]");
  const none = picker.querySelector("[data-people-none]");
  const options = [...picker.querySelectorAll("[data-people-option]")];
  const groups = [...picker.querySelectorAll("[data-people-group]")];

  const labelOf = (option) => option.querySelector("label").textContent.trim();
  const boxOf = (option) => option.querySelector("input[type=checkbox]");

  function showSummary() {
    const ticked = options.filter((option) => boxOf(option).checked).map((option) => labelOf(option));
    summary.textContent = ticked.length ? `已选${ticked.length}人：${ticked.join("、")}` : "尚未选择";
  }

  function filter() {
    const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const option of options) {
      const text = labelOf(option).toLowerCase();
      // A ticked person stays in sight while searching for the next one.
      const visible = boxOf(option).checked || words.every((word) => text.includes(word));
      option.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const group of groups) {
      group.hidden = group.querySelectorAll("[data-people-option]:not([hidden])").length === 0;
    }
    none.hidden = shown > 0;
  }

  search.hidden = false;
  search.addEventListener("input", filter);
  search.addEventListener("keydown", (event) => {
    // Enter in the search box picks the only match instead of submitting the form.
    if (event.key !== "Enter") return;
    event.preventDefault();
    const matches = options.filter((option) => !option.hidden && !boxOf(option).checked);
    if (matches.length === 1) {
      boxOf(matches[0]).checked = true;
      search.value = "";
      showSummary();
      filter();
    }
  });
  picker.addEventListener("change", showSummary);
  showSummary();
}
