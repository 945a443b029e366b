/* Benchmark charts: draws every [data-chart] / [data-radar] element from the page's embedded
   JSON (json_script), so no inline script is needed (CSP). Redraws after an htmx swap. */
(function () {
  "use strict";

  var LINE = {
    own: { color: "#004993", width: 3, dash: "solid" },
    national: { color: "#1a1a1a", width: 2, dash: "dash" },
    region: { color: "#8a4a00", width: 2, dash: "dot" },
    target: { color: "#006b2e", width: 2, dash: "longdash" }
  };

  function readData(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function lineTrace(name, x, y, style, extra) {
    var trace = {
      type: "scatter", mode: "lines+markers", name: name, x: x, y: y,
      line: { color: style.color, width: style.width, dash: style.dash },
      marker: { size: 5, color: style.color },
      connectgaps: false,
      hovertemplate: "%{x|%Y-%m}: %{y:.1f}<extra>" + name + "</extra>"
    };
    for (var key in extra || {}) { trace[key] = extra[key]; }
    return trace;
  }

  function layout(unit) {
    return {
      margin: { l: 48, r: 12, t: 12, b: 40 },
      height: 280,
      separators: ",.",
      legend: { orientation: "h", y: -0.25 },
      yaxis: { title: { text: unit || "" }, zeroline: false },
      xaxis: { type: "date", tickformat: "%Y-%m", hoverformat: "%Y-%m", tickangle: -45, nticks: 12 },
      paper_bgcolor: "#ffffff", plot_bgcolor: "#ffffff",
      font: { family: "IBM Plex Sans, Arial, sans-serif", size: 12 }
    };
  }

  var CONFIG = { displayModeBar: false, responsive: true };

  function drawSeries(el, data, labels) {
    var traces = [];
    if (data.peer_min && data.peer_min.some(function (v) { return v !== null; })) {
      traces.push({ type: "scatter", mode: "lines", x: data.periods, y: data.peer_min, name: labels.peerMin,
        line: { width: 0, color: "#9ec5eb" }, showlegend: false, hoverinfo: "skip" });
      traces.push({ type: "scatter", mode: "lines", x: data.periods, y: data.peer_max, name: labels.peers,
        fill: "tonexty", fillcolor: "rgba(158, 197, 235, 0.45)", line: { width: 0, color: "#9ec5eb" },
        hoverinfo: "skip" });
    }
    if (data.national) { traces.push(lineTrace(labels.national, data.periods, data.national, LINE.national)); }
    if (data.region) { traces.push(lineTrace(labels.region, data.periods, data.region, LINE.region)); }
    if (data.own) { traces.push(lineTrace(labels.own, data.periods, data.own, LINE.own)); }
    if (data.target) {
      traces.push(lineTrace(labels.target, data.target.periods, data.target.values, LINE.target,
        { mode: "lines+markers", marker: { size: 9, symbol: "star", color: LINE.target.color } }));
    }
    var lay = layout(data.unit);
    if (data.selected) {
      lay.shapes = [{ type: "line", xref: "x", yref: "paper", x0: data.selected, x1: data.selected, y0: 0, y1: 1,
        line: { color: "#545454", width: 1, dash: "dot" } }];
    }
    window.Plotly.newPlot(el, traces, lay, CONFIG);
  }

  function drawRadar(el, data) {
    var styles = [LINE.national, LINE.region, LINE.own];
    var traces = (data.traces || []).map(function (t, i) {
      var s = styles[i % styles.length];
      return { type: "scatterpolar", r: t.r.concat([t.r[0]]), theta: t.theta.concat([t.theta[0]]),
        name: t.name, fill: "toself", opacity: 0.6, line: { color: s.color, dash: s.dash, width: 2 } };
    });
    window.Plotly.newPlot(el, traces, {
      polar: { radialaxis: { range: [0, 100], ticksuffix: " %" } }, height: 420, separators: ",.",
      margin: { l: 60, r: 60, t: 30, b: 30 }, legend: { orientation: "h" }
    }, CONFIG);
  }

  function labels(root) {
    var holder = root.querySelector("[data-chart-labels]") || document.querySelector("[data-chart-labels]");
    var d = holder ? holder.dataset : {};
    return {
      own: d.own || "Kommunen", national: d.national || "Hele landet", region: d.region || "Regionen",
      peers: d.peers || "Sammenlignelige kommuner", peerMin: d.peers || "Sammenlignelige kommuner",
      target: d.target || "Resultatmål"
    };
  }

  function drawAll(root) {
    if (!window.Plotly) { return; }
    root = root || document;
    var charts = readData("benchmark-chart-data") || {};
    var lab = labels(root);
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = charts[el.getAttribute("data-chart")];
      if (data) { el.replaceChildren(); drawSeries(el, data, lab); }
    });
    root.querySelectorAll("[data-radar]").forEach(function (el) {
      var data = readData(el.getAttribute("data-radar"));
      if (data) { el.replaceChildren(); drawRadar(el, data); }
    });
  }

  window.starDrawCharts = drawAll;
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function () {
    drawAll(document);
    // Tell screen-reader users that the month changed (the live region outlives the swap).
    var heading = document.getElementById("benchmark-month");
    var announce = document.getElementById("benchmark-announce");
    if (heading && announce) { announce.textContent = heading.textContent; }
  });
})();
