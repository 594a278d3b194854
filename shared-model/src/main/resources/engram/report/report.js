// Draws the charts described by the JSON in #chart-data with Chart.js (inlined above this script).
(function () {
  var data = JSON.parse(document.getElementById('chart-data').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.size = 13;
  function title(text) { return { display: true, text: text, font: { size: 15, weight: 'bold' } }; }
  data.bars.forEach(function (chart, i) {
    new Chart(document.getElementById('bar-' + i), {
      type: 'bar',
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map(function (d) {
          return { label: d.label, data: d.data, backgroundColor: d.color, borderColor: d.color, maxBarThickness: 90 };
        })
      },
      options: { plugins: { title: title(chart.title) }, scales: { y: { beginAtZero: true } } }
    });
  });
  data.lines.forEach(function (chart, i) {
    new Chart(document.getElementById('line-' + i), {
      type: 'line',
      data: {
        datasets: chart.datasets.map(function (d) {
          return { label: d.label, data: d.points, borderColor: d.color, backgroundColor: d.color,
                   pointRadius: 0, borderWidth: 2, tension: 0 };
        })
      },
      options: {
        plugins: { title: title(chart.title) },
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: chart.x_label } },
          y: { title: { display: true, text: chart.y_label } }
        }
      }
    });
  });
})();
