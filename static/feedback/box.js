// 意见箱: the character counter under the text, and one post per tap.

const form = document.getElementById("box-form");
const counter = document.getElementById("text-counter");

if (form && counter) {
  const text = document.getElementById(counter.dataset.for);
  const min = Number(counter.dataset.min);
  const max = Number(counter.dataset.max);

  function update() {
    // Characters as the server counts them: trimmed, a line break is one, an emoji is one.
    const length = Array.from(text.value.trim().replace(/\r\n/g, "\n")).length;
    counter.textContent = length > max ? `${length}/${max}（超出${length - max}字）` : `${length}/${max}`;
    counter.classList.toggle("text-danger", length > max || (length > 0 && length < min));
  }

  text.addEventListener("input", update);
  update();
  // A second tap would post the same challenge again and be refused; one post is enough.
  form.addEventListener("submit", () => {
    document.getElementById("box-submit").disabled = true;
  });
}
