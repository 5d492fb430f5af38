// The conversation's small browser helpers: copying a step's code, and keeping Enter from adding a line in the
// question box (Enter sends, Shift+Enter adds a line; the keydown itself reaches Blazor, which sends). No data is
// ever inserted as markup here.
window.codingAgentChat = {
  copyText: async function (text) {
    if (!navigator.clipboard) return false;
    try {
      await navigator.clipboard.writeText(String(text));
      return true;
    } catch {
      return false;
    }
  },
  attachComposer: function (id) {
    const input = document.getElementById(id);
    if (!input || input.dataset.composer) return;
    input.dataset.composer = "true";
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) event.preventDefault();
    });
  },
  // keeps the conversation at its end while it grows, unless the reader scrolled up (or opened something above)
  followEnd: function (element) {
    if (!element) return;
    if (!element.dataset.follow) {
      element.dataset.follow = "true";
      element.addEventListener("scroll", function () {
        element.dataset.follow = element.scrollHeight - element.scrollTop - element.clientHeight < 80 ? "true" : "false";
      });
    }
    if (element.dataset.follow === "true") element.scrollTop = element.scrollHeight;
  },
  focus: function (id) {
    const input = document.getElementById(id);
    if (input) {
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
  }
};
