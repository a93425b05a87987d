// 材料汇编: start the build without leaving the page and show its progress until the files are ready.
// Without the script the form posts and the page shows the state on each visit.

const card = document.querySelector("[data-testid=bundle]");

if (card) {
  const form = card.querySelector("[data-testid=bundle-form]");
  const progress = card.querySelector("[data-testid=bundle-progress]");
  const bar = progress.querySelector(".progress-bar");
  const step = card.querySelector("[data-testid=bundle-step]");
  const button = card.querySelector("[data-testid=build-bundle]");
  let timer = null;

  function show(state) {
    if (state.status === "queued" || state.status === "running") {
      progress.hidden = false;
      bar.style.width = `${state.percent}%`;
      bar.parentElement.setAttribute("aria-valuenow", state.percent);
      step.textContent = `${state.status_label}：已完成 ${state.done}/${state.total || "?"}${state.step ? `（${state.step}）` : ""}`;
      if (button) button.disabled = true;
      return true;
    }
    // Done or failed: the page lists the files (or the error) as the server renders them.
    window.location.reload();
    return false;
  }

  async function poll() {
    try {
      const response = await fetch(card.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok && show(await response.json())) timer = window.setTimeout(poll, 1000);
    } catch {
      timer = window.setTimeout(poll, 3000);
    }
  }

  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (button) button.disabled = true;
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      });
      const state = await response.json();
      if (!response.ok) {
        step.textContent = (state.errors || ["未能开始生成，请刷新页面后再试。"]).join(" ");
        progress.hidden = false;
        if (button) button.disabled = false;
        return;
      }
      if (show(state)) {
        window.clearTimeout(timer);
        timer = window.setTimeout(poll, 1000);
      }
    });
  }

  if (card.dataset.status === "queued" || card.dataset.status === "running") poll();
}
