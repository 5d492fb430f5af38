// The light/dark theme the user chose with the toggle, kept in localStorage ("dark" or "light"; absent: follow the
// system). Loaded as a file by App.razor (the content security policy allows no inline script).
window.codingAgentTheme = {
  key: "codingagent-theme",
  get: function () {
    try {
      const value = window.localStorage.getItem(window.codingAgentTheme.key);
      return value === "dark" || value === "light" ? value : null;
    } catch {
      return null;
    }
  },
  set: function (value) {
    try {
      window.localStorage.setItem(window.codingAgentTheme.key, value === "dark" ? "dark" : "light");
    } catch {
      // storage disabled: the choice lasts for this page only
    }
  }
};
