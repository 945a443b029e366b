/* Draw plotly figures whose JSON the page put in a <script type="application/json"> (CSP-safe),
   when they come near the window (js/charts.js). */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-plotly-source]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-plotly-source"));
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    window.starCharts.draw(el, function () {
      window.Plotly.newPlot(el, figure.data, figure.layout, {
        responsive: true,
        displaylogo: false,
        displayModeBar: false
      });
    });
  });
});
