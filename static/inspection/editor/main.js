/* The draft editor (对照检查材料 / 个人发言提纲): renders the draft's structure (inspection/content.py)
 * from the page's JSON, saves through the API with the version it is based on, and never loses a
 * word: a refused save stops autosaving and offers to merge; unsaved text is kept in localStorage.
 * ES modules, no build step; draft_detail.html loads this one, which starts the others:
 *
 *   page.js       the server's data, the page's elements, the one state
 *   numbering.js  positions counted here, printed labels from the server
 *   render.js     outline.js (the editor) or reader.js (read-only), side.js (the panels),
 *                 comments.js (修改意见 beside each part)
 *   saving.js     autosave (../../js/autosave.js), local.js (the copy kept in the browser),
 *                 conflict.js (a refused save and the merge), updates.js (others' saves, by polling)
 *   dom.js        building elements
 */
import { offerRestore } from "./local.js";
import { boot, state } from "./page.js";
import { render } from "./render.js";
import { leaving, showState } from "./saving.js";
import { runCheck } from "./side.js";
import { POLL_MS, poll } from "./updates.js";

if (boot) start();

function start() {
  setInterval(poll, POLL_MS);

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") leaving();
  });
  window.addEventListener("pagehide", leaving);
  window.addEventListener("beforeunload", (event) => {
    if (state.canEdit && (state.dirty || state.saving || state.conflict)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  const checkButton = document.querySelector("[data-testid=run-check]");
  if (checkButton) checkButton.addEventListener("click", runCheck);

  render();
  showState();
  offerRestore();
}
