// Renders Plotly figures (chart artifacts) with plotly.js, shipped by Plotly.Blazor.
// The server sanitises every figure (PlotlyFigureSanitizer); the config here adds no links, no cloud export and no
// figure-supplied config, and clicks on any link plotly.js still draws inside a chart are cancelled.
// The page's content security policy allows no eval, which plotly.js's WebGL traces need (regl compiles its
// draw calls with Function): scattergl and scatterpolargl are drawn as their SVG equivalents instead (plotly
// express picks scattergl for more than 1000 rows); splom and parcoords have none and show plotly's WebGL notice.
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
  svgEquivalents: Object.freeze({ scattergl: "scatter", scatterpolargl: "scatterpolar" }),
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
    const svg = window.codingAgent.svgEquivalents;
    const data = (figure.data || []).map(t => t && svg[t.type] ? Object.assign({}, t, { type: svg[t.type] }) : t);
    if (!element.dataset.linksCancelled) {
      element.addEventListener("click", window.codingAgent.cancelLinkClick, true);
      element.addEventListener("auxclick", window.codingAgent.cancelLinkClick, true);
      element.dataset.linksCancelled = "true";
    }
    try {
      await Plotly.newPlot(element, data, layout, Object.assign({}, window.codingAgent.plotConfig));
      return true;
    } catch (error) {
      // a figure that cannot be drawn (e.g. geo traces, whose map data would come from plotly's CDN) says so
      // in its place instead of failing the page's circuit
      element.textContent = "The chart could not be drawn: " + (error && error.message ? error.message : error);
      return false;
    }
  },
  scrollToEnd: function (element) {
    if (element) element.scrollTop = element.scrollHeight;
  }
};
