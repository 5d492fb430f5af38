// Renders Plotly figures (chart artifacts) with plotly.js, shipped by Plotly.Blazor.
window.codingAgent = {
  renderPlot: async function (element, url) {
    if (!element) return false;
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) {
      element.textContent = "The chart could not be loaded (" + response.status + ").";
      return false;
    }
    const figure = await response.json();
    const layout = Object.assign({ autosize: true }, figure.layout || {});
    await Plotly.newPlot(element, figure.data || [], layout, { responsive: true, displaylogo: false });
    return true;
  },
  scrollToEnd: function (element) {
    if (element) element.scrollTop = element.scrollHeight;
  }
};
