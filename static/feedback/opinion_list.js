// 意见建议 list: "全选本页", and the bulk form says how many opinions it is about to change.

const all = document.getElementById("select-all");
const form = document.getElementById("bulk-form");

if (all) {
  all.addEventListener("change", () => {
    for (const box of document.querySelectorAll(".row-check")) box.checked = all.checked;
  });
}

if (form) {
  form.addEventListener("submit", (event) => {
    const ids = Array.from(document.querySelectorAll(".row-check:checked"), (box) => box.value);
    document.getElementById("bulk-selected").value = ids.join(",");
    const everything = document.getElementById("all-filtered").checked;
    const count = everything ? form.dataset.filteredCount : ids.length;
    const action = form.elements.namedItem("action"); // the select: form.action is the form's URL
    const label = action.options[action.selectedIndex].text;
    if (!window.confirm(`确定对${count}条意见执行“${label}”吗？`)) event.preventDefault();
  });
}
