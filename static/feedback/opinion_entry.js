// 逐条录入: Ctrl+Enter (⌘+Enter on a Mac) saves the opinion and opens the form for the next one.

const form = document.getElementById("entry-form");

if (form) {
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}
