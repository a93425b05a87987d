// Building the page: h() makes an element from attributes and children, the rest are small helpers
// every part of the editor uses. Nothing here knows about drafts.

export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.className = value;
    else if (key === "text") element.textContent = value;
    else if (key === "html") element.innerHTML = value;
    else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(key, "");
    else element.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function autosize(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = textarea.scrollHeight + 2 + "px";
}

export function button(text, className, onclick, extra) {
  return h("button", Object.assign({ type: "button", class: "btn btn-sm " + className, onclick }, extra || {}), text);
}

export async function copyText(text, target) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    const scratch = h("textarea", { class: "visually-hidden" });
    scratch.value = text;
    document.body.append(scratch);
    scratch.select();
    document.execCommand("copy");
    scratch.remove();
  }
  if (target) {
    const before = target.textContent;
    target.textContent = "已复制";
    setTimeout(() => (target.textContent = before), 1500);
  }
}
