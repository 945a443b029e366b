/* Benchmark charts: draws every [data-chart] / [data-radar] element from the page's embedded
   JSON (json_script), so no inline script is needed (CSP), when it comes near the window
   (js/charts.js). Redraws after an htmx swap. */
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

  // Danish numbers: separators ",." (decimal comma, thousands point); counts without decimals.
  function numberFormat(data) { return data.decimals === 0 ? ",.0f" : ",.1f"; }

  function lineTrace(name, x, y, style, data, extra) {
    var trace = {
      type: "scatter", mode: "lines+markers", name: name, x: x, y: y,
      line: { color: style.color, width: style.width, dash: style.dash },
      marker: { size: 5, color: style.color },
      connectgaps: false,
      // The month as the server formats it ("nov. 2026"), not plotly's English month names.
      customdata: data.labels && x === data.periods ? data.labels : undefined,
      hovertemplate: (data.labels && x === data.periods ? "%{customdata}" : "%{x|%b %Y}") +
        ": %{y:" + numberFormat(data) + "}<extra>" + name + "</extra>"
    };
    for (var key in extra || {}) { trace[key] = extra[key]; }
    return trace;
  }

  // Month ticks in the page's Danish month style ("jan. 2025": the server's labels, and the
  // same style for the target path's months after the data, js/charts.js), evenly spaced in
  // time from the last month back: at most 12, and about one per 90 px of chart width, so that
  // the labels stand level without overlapping (slanted, their ends ran under the legend).
  function monthTicks(data, width) {
    var label = {};
    (data.periods || []).forEach(function (p, i) { label[p] = (data.labels || [])[i]; });
    var periods = Object.keys(label).concat((data.target && data.target.periods) || []).sort();
    if (!periods.length) { return { tickvals: [], ticktext: [] }; }
    var index = function (p) { var ym = p.split("-"); return Number(ym[0]) * 12 + Number(ym[1]) - 1; };
    var first = index(periods[0]), last = index(periods[periods.length - 1]);
    var most = Math.max(3, Math.min(12, Math.floor((width || 800) / 90)));
    var step = Math.max(1, Math.ceil((last - first + 1) / most));
    var vals = [], text = [];
    for (var m = last; m >= first; m -= step) {
      var period = Math.floor(m / 12) + "-" + ("0" + (m % 12 + 1)).slice(-2);
      vals.unshift(period);
      text.unshift(label[period] || window.starCharts.month(period));
    }
    return { tickvals: vals, ticktext: text };
  }

  function layout(data, width) {
    var ticks = monthTicks(data, width);
    return {
      margin: { l: 56, r: 12, t: 12, b: 64 },
      height: 280,
      separators: ",.",
      legend: { orientation: "h", y: -0.35 },
      yaxis: { title: { text: data.unit || "" }, zeroline: false, tickformat: data.decimals === 0 ? ",.0f" : ",~f" },
      xaxis: { type: "date", tickmode: "array", tickvals: ticks.tickvals, ticktext: ticks.ticktext, tickangle: 0 },
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
    if (data.national) { traces.push(lineTrace(labels.national, data.periods, data.national, LINE.national, data)); }
    if (data.region) { traces.push(lineTrace(labels.region, data.periods, data.region, LINE.region, data)); }
    if (data.own) { traces.push(lineTrace(labels.own, data.periods, data.own, LINE.own, data)); }
    if (data.target) {
      traces.push(lineTrace(labels.target, data.target.periods, data.target.values, LINE.target, data,
        { mode: "lines+markers", marker: { size: 9, symbol: "star", color: LINE.target.color } }));
    }
    var lay = layout(data, el.clientWidth);
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
    root = root || document;
    var charts = readData("benchmark-chart-data") || {};
    var lab = labels(root);
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = charts[el.getAttribute("data-chart")];
      if (data) { window.starCharts.draw(el, function () { el.replaceChildren(); drawSeries(el, data, lab); }); }
    });
    root.querySelectorAll("[data-radar]").forEach(function (el) {
      var data = readData(el.getAttribute("data-radar"));
      if (data) { window.starCharts.draw(el, function () { el.replaceChildren(); drawRadar(el, data); }); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function () {
    drawAll(document);
    // Tell screen-reader users that the month changed (the live region outlives the swap).
    var heading = document.getElementById("benchmark-month");
    var announce = document.getElementById("benchmark-announce");
    if (heading && announce) { announce.textContent = heading.textContent; }
  });
})();
