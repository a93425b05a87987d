// 建立整改清单: the header checkbox ticks every item of the list for a bulk assignment.

const all = document.getElementById("items-all");

if (all) {
  all.addEventListener("change", () => {
    for (const box of document.querySelectorAll(".item-check")) box.checked = all.checked;
  });
}
