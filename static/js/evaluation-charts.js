/* Evaluation charts: radar per round ([data-eval-radar]), development per area
   ([data-eval-development]) and cohorts by months since start ([data-eval-cohorts]), drawn
   with plotly from the page's embedded JSON (json_script), so no inline script is needed. */
(function () {
  "use strict";

  var STYLE = {
    site: { color: "#004993", dash: "solid", width: 3, opacity: 0.55 },
    zero: { color: "#8a4a00", dash: "dot", width: 2, opacity: 0.25 },
    average: { color: "#1a1a1a", dash: "dash", width: 2, opacity: 0.15 }
  };
  var COHORT_COLOURS = ["#004993", "#b33a00", "#006b2e", "#6a1b9a"];
  var CONFIG = { displayModeBar: false, responsive: true };
  var FONT = { family: "IBM Plex Sans, Arial, sans-serif", size: 12 };

  function readData(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function wrap(label, width) {
    // Long area names on the radar: break after about `width` characters.
    var words = label.split(" "), lines = [], line = "";
    words.forEach(function (w) {
      if ((line + " " + w).trim().length > width && line) { lines.push(line); line = w; }
      else { line = (line + " " + w).trim(); }
    });
    lines.push(line);
    return lines.join("<br>");
  }

  function drawRadar(el, data) {
    var narrow = el.clientWidth < 600;
    var traces = (data.traces || []).map(function (t) {
      var s = STYLE[t.style] || STYLE.site;
      var theta = t.theta.map(function (label) { return wrap(label, narrow ? 12 : 20); });
      return {
        type: "scatterpolar", name: t.name, r: t.r.concat([t.r[0]]), theta: theta.concat([theta[0]]),
        fill: t.style === "site" ? "toself" : "none", fillcolor: "rgba(0, 73, 147, 0.15)",
        line: { color: s.color, dash: s.dash, width: s.width }, marker: { size: 5, color: s.color },
        connectgaps: false, hovertemplate: "%{theta}: %{r:.0f} %<extra>" + t.name + "</extra>"
      };
    });
    window.Plotly.newPlot(el, traces, {
      polar: {
        radialaxis: { range: [0, 100], ticksuffix: " %", tickvals: [0, 25, 50, 75, 100], angle: 90, tickfont: { size: 10 } },
        angularaxis: { direction: "clockwise", tickfont: { size: narrow ? 9 : 11 } }
      },
      height: narrow ? 440 : 540, separators: ",.", font: FONT, showlegend: true,
      margin: { l: narrow ? 72 : 120, r: narrow ? 72 : 120, t: 50, b: 30 },
      legend: { orientation: "h", y: -0.08 }
    }, CONFIG);
  }

  function drawDevelopment(holder, data) {
    holder.replaceChildren();
    (data.areas || []).forEach(function (area) {
      var box = document.createElement("div");
      var title = document.createElement("h3");
      title.className = "h5";
      title.textContent = area.area;
      var chart = document.createElement("div");
      chart.className = "star-chart";
      chart.setAttribute("role", "img");
      chart.setAttribute("aria-label", area.area);
      box.appendChild(title);
      box.appendChild(chart);
      holder.appendChild(box);
      window.Plotly.newPlot(chart, [
        { type: "scatter", mode: "lines+markers", name: holder.dataset.siteLabel || "Forsøget", x: data.rounds, y: area.site,
          line: { color: STYLE.site.color, width: 3 }, connectgaps: false },
        { type: "scatter", mode: "lines+markers", name: holder.dataset.averageLabel || "Gennemsnit", x: data.rounds, y: area.average,
          line: { color: STYLE.average.color, width: 2, dash: "dash" }, connectgaps: false }
      ], {
        height: 220, margin: { l: 44, r: 8, t: 8, b: 48 }, separators: ",.", font: FONT, showlegend: false,
        yaxis: { range: [0, 100], ticksuffix: " %" }, xaxis: { type: "category" }
      }, CONFIG);
    });
  }

  function drawCohorts(el, data) {
    var traces = (data.series || []).map(function (s, i) {
      return {
        type: "scatter", mode: "lines+markers", name: s.name, x: s.months, y: s.values, text: s.labels,
        marker: { size: 8 }, connectgaps: false,
        line: { color: COHORT_COLOURS[i % COHORT_COLOURS.length], width: 3, dash: i ? "dash" : "solid" },
        hovertemplate: "%{text}: %{y:.0f} % efter %{x:.0f} mdr.<extra>" + s.name + "</extra>"
      };
    });
    window.Plotly.newPlot(el, traces, {
      height: 320, margin: { l: 48, r: 16, t: 16, b: 48 }, separators: ",.", font: FONT,
      xaxis: { title: { text: el.dataset.xLabel || "Måneder efter start" }, rangemode: "tozero" },
      yaxis: { range: [0, 100], ticksuffix: " %" }, legend: { orientation: "h", y: -0.3 }
    }, CONFIG);
  }

  // Each chart (or the development's holder) is drawn when it comes near the window (js/charts.js).
  function drawAll() {
    var draw = window.starCharts.draw;
    document.querySelectorAll("[data-eval-radar]").forEach(function (el) {
      var d = readData(el.getAttribute("data-eval-radar"));
      if (d) { draw(el, function () { el.replaceChildren(); drawRadar(el, d); }); }
    });
    document.querySelectorAll("[data-eval-development]").forEach(function (el) {
      var d = readData(el.getAttribute("data-eval-development"));
      if (d) { draw(el, function () { drawDevelopment(el, d); }); }
    });
    document.querySelectorAll("[data-eval-cohorts]").forEach(function (el) {
      var d = readData(el.getAttribute("data-eval-cohorts"));
      if (d) { draw(el, function () { el.replaceChildren(); drawCohorts(el, d); }); }
    });
  }

  document.addEventListener("DOMContentLoaded", drawAll);
})();
