// 确认: an action that cannot be undone (报送, 退回, 删除, 销号 …) asks first, in the server's words.
//
// The page says what to ask in a data-confirm attribute; this one file, loaded by base.html, asks it.
// It replaces the inline onsubmit="return confirm(…)" handlers, which the Content-Security-Policy
// (script-src 'self', config/security_headers.py) refuses to run.
//
//   <form data-confirm="确定…吗？">         asked when the form is submitted, by whichever button;
//   <button type="submit" data-confirm>    asked instead when that button submits (one form, two actions);
//   <input type="radio" data-confirm>      asked instead while that choice is checked (审阅通过 / 退回修改);
//   <a data-confirm>, <button type="button" data-confirm>   asked on click.
//
// Listeners sit on the document in the capture phase, so forms added later are covered and a "取消"
// stops the page's own submit handlers too.

function question(form, submitter) {
  if (submitter && submitter.dataset.confirm) return submitter.dataset.confirm;
  const choice = form.querySelector("input[data-confirm]:checked");
  if (choice) return choice.dataset.confirm;
  return form.dataset.confirm || "";
}

function refuse(event) {
  event.preventDefault();
  event.stopImmediatePropagation();
}

document.addEventListener(
  "submit",
  (event) => {
    const text = question(event.target, event.submitter);
    if (text && !window.confirm(text)) refuse(event);
  },
  true,
);

document.addEventListener(
  "click",
  (event) => {
    const element = event.target.closest("a[data-confirm], button[data-confirm]");
    // A submit button is asked when its form submits (above), not twice.
    if (!element || (element.matches("button") && element.type === "submit" && element.form)) return;
    if (!window.confirm(element.dataset.confirm)) refuse(event);
  },
  true,
);
