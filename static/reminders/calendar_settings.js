// 日历订阅: a click in the address box selects the whole address, ready to copy.
for (const input of document.querySelectorAll("[data-select-on-focus]")) {
  input.addEventListener("focus", () => input.select());
}
