// Sizes only the server knows (a progress bar's share, a preview table's column widths, a signature's
// indent) arrive as data attributes and are set here through the DOM.
//
// The Content-Security-Policy (style-src 'self', config/security_headers.py) refuses style="…"
// attributes in the page, but not styles set by a script from this site:
//
//   data-width="37.5%"           → element.style.width
//   data-padding-right="4.5em"   → element.style.paddingRight
//
// Only lengths are taken (a number and a unit), so the attribute cannot carry other CSS.

const LENGTH = /^\d+(\.\d+)?(%|em|rem|mm|px)$/;

const PROPERTIES = { width: "width", paddingRight: "paddingRight" };

export function applySizes(root = document) {
  for (const [key, property] of Object.entries(PROPERTIES)) {
    const attribute = "data-" + key.replace(/[A-Z]/g, (letter) => "-" + letter.toLowerCase());
    for (const element of root.querySelectorAll(`[${attribute}]`)) {
      const value = element.dataset[key];
      if (LENGTH.test(value)) element.style[property] = value;
    }
  }
}

applySizes();
