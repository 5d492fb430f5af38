// Renders Plotly figures (chart artifacts) with plotly.js, shipped by Plotly.Blazor.
// The server sanitises every figure (PlotlyFigureSanitizer); the config here adds no links, no cloud export and no
// figure-supplied config, and clicks on any link plotly.js still draws inside a chart are cancelled.
window.codingAgent = {
  plotConfig: Object.freeze({
    responsive: true,
    staticPlot: false,
    displaylogo: false,
    showLink: false,
    sendData: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    showSources: false,
    editable: false
  }),
  cancelLinkClick: function (event) {
    if (event.target instanceof Element && event.target.closest("a")) {
      event.preventDefault();
      event.stopPropagation();
    }
  },
  renderPlot: async function (element, url) {
    if (!element) return false;
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) {
      element.textContent = "The chart could not be loaded (" + response.status + ").";
      return false;
    }
    const figure = await response.json();
    const layout = Object.assign({ autosize: true }, figure.layout || {});
    if (!element.dataset.linksCancelled) {
      element.addEventListener("click", window.codingAgent.cancelLinkClick, true);
      element.addEventListener("auxclick", window.codingAgent.cancelLinkClick, true);
      element.dataset.linksCancelled = "true";
    }
    await Plotly.newPlot(element, figure.data || [], layout, Object.assign({}, window.codingAgent.plotConfig));
    return true;
  },
  scrollToEnd: function (element) {
    if (element) element.scrollTop = element.scrollHeight;
  }
};
