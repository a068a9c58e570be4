/* Draws the overview's charts from the page's JSON data with Chart.js (served from node_modules). */
(function () {
  var source = document.getElementById('chart-data');
  if (!source || typeof Chart === 'undefined') return;
  var data = JSON.parse(source.textContent);
  var ranking = document.getElementById('ranking-chart');
  if (ranking && data.ranking) {
    ranking.parentElement.style.height = Math.max(160, data.ranking.length * 22 + 40) + 'px';
    new Chart(ranking, {
      type: 'bar',
      data: { labels: data.ranking.map(function (r) { return r.label; }), datasets: [{ label: '完成率（%）', data: data.ranking.map(function (r) { return r.value; }), backgroundColor: '#3370ff' }] },
      options: { indexAxis: 'y', maintainAspectRatio: false, animation: false, scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
    });
  }
  var trend = document.getElementById('trend-chart');
  if (trend && data.trend) {
    new Chart(trend, {
      type: 'line',
      data: { labels: data.trend.map(function (r) { return r.label; }), datasets: [{ label: '完成率（%）', data: data.trend.map(function (r) { return r.value; }), borderColor: '#00a870', tension: 0.2 }] },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100 } } },
    });
  }
})();
