/* Charts (issue 17, point 4): the chart scripts hand each chart to window.starCharts.draw(el, fn),
   and fn(el) runs once plotly is there and el is in or near the window (within half a window
   below it). Plotly is either already on the page (a <script defer> before this one, for pages
   whose chart sits at the top) or fetched when the first chart comes near the window, from the
   URL in <meta name="star-plotly">; a page whose charts are further down never loads it unless
   the user scrolls to them. The charts in view when the page loads are drawn before its load
   event, and the performance mark "star:charts-drawn" says when (tests/perf/bench_pages.py).
   Plotly speaks Danish here: month names, decimal comma and thousands point. */
(function () {
  "use strict";

  // Django's Danish month abbreviations (the month style "nov. 2026" of every page, core.formats;
  // tests/test_charts_locale.py holds the two together) and month names.
  var SHORT_MONTHS = ["jan.", "feb.", "marts", "april", "maj", "juni", "juli", "aug.", "sept.", "okt.", "nov.", "dec."];
  var MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
    "november", "december"];
  var DANISH = {
    moduleType: "locale", name: "da", dictionary: {},
    format: {
      days: ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
      shortDays: ["søn.", "man.", "tirs.", "ons.", "tors.", "fre.", "lør."],
      months: MONTHS, shortMonths: SHORT_MONTHS,
      decimal: ",", thousands: ".", grouping: [3], currency: ["", " kr."],
      date: "%-d. %b %Y", year: "%Y", month: "%b %Y", dayMonth: "%-d. %b", dayMonthYear: "%-d. %b %Y"
    }
  };
  var NEAR = 0.5;  // of the window's height below it: a chart there is drawn already

  var waiting = [];      // [el, fn] near the window, waiting for plotly
  var initial = null;    // the charts near the window when the page was parsed: {left, drawn}
  var loading = false;
  var failed = false;    // the bundle did not load (the browser logs the failed request)
  var observer = null;
  var watched = [];      // elements waiting to come near the window

  function danish(Plotly) {
    if (!Plotly.__starDanish) {
      Plotly.register(DANISH);
      Plotly.setPlotConfig({ locale: "da" });
      Plotly.__starDanish = true;
    }
    return Plotly;
  }

  function plotlyUrl() {
    var meta = document.querySelector('meta[name="star-plotly"]');
    return meta ? meta.getAttribute("content") : null;
  }

  function markDrawn() {
    if (initial && initial.left === 0 && !initial.marked && document.readyState !== "loading") {
      initial.marked = true;
      performance.mark("star:charts-drawn", { detail: { charts: initial.drawn } });
    }
  }

  function run(el, fn) {
    fn(el);
    el.setAttribute("data-chart-drawn", "");
    if (el.__starInitial) {
      el.__starInitial = false;
      initial.left -= 1;
      initial.drawn += 1;
      markDrawn();
    }
  }

  function flush() {
    var Plotly = window.Plotly;
    if (!Plotly) { return; }
    danish(Plotly);
    var todo = waiting;
    waiting = [];
    todo.forEach(function (item) {
      try { run(item[0], item[1]); } catch (error) { setTimeout(function () { throw error; }); }
    });
  }

  function loadPlotly() {
    if (window.Plotly) { flush(); return; }
    if (loading) { return; }
    var url = plotlyUrl();
    if (!url) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = url;
    script.addEventListener("load", flush);
    script.addEventListener("error", function () { failed = true; });
    document.head.appendChild(script);
  }

  function near(el) {
    var box = el.getBoundingClientRect();
    if (!box.width && !box.height) { return false; }  // hidden (a closed <details>, a tab)
    var height = window.innerHeight || document.documentElement.clientHeight;
    return box.top < height * (1 + NEAR) && box.bottom > 0;
  }

  function schedule(el, fn) {
    waiting.push([el, fn]);
    loadPlotly();
  }

  function watch(el, fn) {
    if (!("IntersectionObserver" in window)) { schedule(el, fn); return; }
    if (!observer) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) { return; }
          observer.unobserve(entry.target);
          var fn = entry.target.__starDraw;
          entry.target.__starDraw = null;
          if (fn) { schedule(entry.target, fn); }
        });
      }, { rootMargin: "0px 0px " + NEAR * 100 + "% 0px" });
    }
    el.__starDraw = fn;
    watched.push(el);
    observer.observe(el);
  }

  function draw(el, fn) {
    var now = near(el);
    if (!(initial && initial.closed)) {
      initial = initial || { left: 0, drawn: 0 };
      if (now) { el.__starInitial = true; initial.left += 1; }
    }
    if (now) { schedule(el, fn); } else { watch(el, fn); }
  }

  // Every chart not drawn yet, now (printing, tests): resolves once they are drawn.
  function drawAll() {
    watched.forEach(function (el) {
      if (el.__starDraw && el.isConnected) {
        observer.unobserve(el);
        waiting.push([el, el.__starDraw]);
      }
      el.__starDraw = null;
    });
    watched = [];
    return new Promise(function (resolve) {
      if (!waiting.length) { resolve(0); return; }
      var count = waiting.length;
      var check = function () {
        if (!waiting.length || failed) { resolve(count - waiting.length); } else { setTimeout(check, 20); }
      };
      loadPlotly();
      check();
    });
  }

  // "2027-05" -> "maj 2027", the page's month style.
  function month(period) {
    var parts = String(period).split("-");
    return SHORT_MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  window.starCharts = { draw: draw, drawAll: drawAll, month: month };
  if (window.Plotly) { danish(window.Plotly); }
  // Printing: the charts not drawn yet are drawn now when plotly is here. Where it is not (the
  // reader prints before scrolling to them, and the print will not wait for the download),
  // their "Grafens tal som tabel" opens for the print instead, so no figure prints empty.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    drawAll();
    if (window.Plotly) { return; }
    document.querySelectorAll("[data-chart]:not([data-chart-drawn])").forEach(function (el) {
      var table = el.parentElement && el.parentElement.querySelector("details.star-chart-table");
      if (table && !table.open) { table.open = true; openedForPrint.push(table); }
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (table) { table.open = false; });
    openedForPrint = [];
  });
  window.addEventListener("load", function () {
    initial = initial || { left: 0, drawn: 0 };
    initial.closed = true;
    markDrawn();
  });
})();
