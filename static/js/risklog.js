/* Draw plotly figures whose JSON the page put in a <script type="application/json"> (CSP-safe),
   when they come near the window (js/charts.js). */
(function () {
  "use strict";

  // "Kompetenceudvikling med supervision" -> "Kompetenceudvikling<br>med supervision".
  function wrap(text, width) {
    var lines = [], line = "";
    String(text).split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    lines.push(line);
    return lines.join("<br>");
  }

  // On a phone the initiative names would take most of the width: wrap them, and label about
  // one month per 90 px so that the month ticks do not run into each other; no axis title.
  function narrow(figure, width) {
    if (width >= 600) { return figure; }
    var layout = figure.layout, names = 0;
    figure.data.forEach(function (trace) {
      if (trace.orientation !== "h") { return; }
      trace.y = trace.y.map(function (name) { return wrap(name, 16); });
      names += trace.y.length;
    });
    if (layout.yaxis && layout.yaxis.categoryarray) {
      layout.yaxis.categoryarray = layout.yaxis.categoryarray.map(function (name) { return wrap(name, 16); });
    }
    var x = layout.xaxis || {};
    if (x.tickvals && x.ticktext) {
      var step = Math.ceil(x.tickvals.length / Math.max(2, Math.floor(width / 90)));
      x.tickvals = x.tickvals.filter(function (_, i) { return i % step === 0; });
      x.ticktext = x.ticktext.filter(function (_, i) { return i % step === 0; });
    }
    x.title = { text: "" };  // "Periode" would sit on the legend; the ticks are months
    if (names) { layout.height = Math.max(layout.height || 0, 56 * names + 140); }
    return figure;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-plotly-source]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-plotly-source"));
      if (!source) {
        return;
      }
      window.starCharts.draw(el, function () {
        var figure = narrow(JSON.parse(source.textContent), el.clientWidth);
        window.Plotly.newPlot(el, figure.data, figure.layout, {
          responsive: true,
          displaylogo: false,
          displayModeBar: false
        });
      });
    });
  });
})();
