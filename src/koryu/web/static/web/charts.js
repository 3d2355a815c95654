/* Koryu charts: each <table data-chart="line|bar"> is drawn with Chart.js above itself.
 *
 * The table stays on the page as the accessible fallback and the single source of the
 * numbers: first column = labels, the other numeric columns = data sets.
 */
(function () {
  "use strict";

  var COLOURS = ["#0b5cad", "#d14900", "#1f7a4d", "#7a3e9d", "#a3195b", "#6b7785"];

  function number(text) {
    var n = parseFloat(String(text).replace(/[,\s]/g, ""));
    return isNaN(n) ? 0 : n;
  }

  function draw(table) {
    if (!window.Chart || table.dataset.drawn) return;
    table.dataset.drawn = "true";
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var labels = rows.map(function (tr) { return tr.cells[0].textContent.trim(); });
    var datasets = [];
    for (var col = 1; col < heads.length; col++) {
      var colour = COLOURS[(col - 1) % COLOURS.length];
      datasets.push({
        label: heads[col],
        data: rows.map(function (tr) { return tr.cells[col] ? number(tr.cells[col].textContent) : 0; }),
        borderColor: colour,
        backgroundColor: table.dataset.chart === "line" ? colour : colour + "cc",
        tension: 0.2
      });
    }
    var box = document.createElement("div");
    box.className = "chart-box";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", table.dataset.label || (table.caption ? table.caption.textContent : ""));
    box.appendChild(canvas);
    if (table.dataset.axis === "y") box.style.height = Math.max(320, rows.length * 22 + 60) + "px";
    var wrap = table.closest(".chart-block") || table.parentNode;
    var anchor = wrap.querySelector(".chart-anchor");
    if (anchor) anchor.appendChild(box); else table.parentNode.insertBefore(box, table);
    new window.Chart(canvas, {
      type: table.dataset.chart === "line" ? "line" : "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: table.dataset.axis === "y" ? "y" : "x",
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
    wrap.dataset.chartReady = "true";
  }

  function initAll() { document.querySelectorAll("table[data-chart]").forEach(draw); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
