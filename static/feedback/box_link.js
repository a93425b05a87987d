// 复制链接: the box's address to the clipboard, for the office to send on.

const button = document.getElementById("box-copy");
const input = document.getElementById("box-url");

if (button && input) {
  button.addEventListener("click", () => {
    function done() {
      button.textContent = "已复制";
      window.setTimeout(() => {
        button.textContent = "复制链接";
      }, 2000);
    }
    // The clipboard API needs HTTPS; intranet sites often run on plain HTTP, hence the fallback.
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done);
    } else {
      input.select();
      document.execCommand("copy");
      done();
    }
  });
}
