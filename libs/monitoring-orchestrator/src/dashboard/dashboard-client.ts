/**
 * Browser code of the dashboard (plain ES2019, no build step): polls the JSON route every 5 s and
 * redraws health cards, uPlot charts and tables. Each chart records how many points it drew in
 * `data-points`, which the browser test reads.
 */
export const DASHBOARD_CLIENT_JS = String.raw`(function () {
  'use strict';
  var REFRESH_MS = 5000;
  var charts = {};
  var CHARTS = {
    'chart-requests': [['http.request_rate', 'requests/s', '#3366cc'], ['http.error_rate', '5xx/s', '#d33']],
    'chart-latency': [
      ['http.latency_p50_ms', 'p50', '#2e9e44'],
      ['http.latency_p95_ms', 'p95', '#e0a100'],
      ['http.latency_p99_ms', 'p99', '#d33']
    ],
    'chart-queues': [['queues.depth', 'waiting', '#3366cc'], ['queues.running', 'running', '#2e9e44']],
    'chart-tasks': [
      ['tasks.completed_per_minute', 'completed', '#2e9e44'],
      ['tasks.failed_per_minute', 'failed', '#d33']
    ]
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function headers() {
    var key = sessionStorage.getItem('apiKey');
    return key ? { 'X-API-Key': key } : {};
  }

  function renderHealth(health) {
    var box = document.getElementById('health');
    box.replaceChildren();
    Object.keys(health.components).forEach(function (name) {
      var c = health.components[name];
      var card = el('div', { 'class': 'component', 'data-component': name, 'data-state': c.state });
      card.appendChild(el('div', { 'class': 'name' }, name));
      card.appendChild(el('div', { 'class': 'state' }, c.state));
      box.appendChild(card);
    });
  }

  function renderChart(id, series, data) {
    var base = data[series[0][0]] || [];
    var xs = base.map(function (p) { return p.t / 1000; });
    var columns = [xs];
    var drawn = 0;
    series.forEach(function (s) {
      var byT = {};
      (data[s[0]] || []).forEach(function (p) { byT[p.t] = p.v; });
      var ys = base.map(function (p) { return p.t in byT ? byT[p.t] : null; });
      drawn += ys.filter(function (v) { return v !== null; }).length;
      columns.push(ys);
    });
    var box = document.getElementById(id);
    box.setAttribute('data-points', String(drawn));
    if (!charts[id]) {
      charts[id] = new uPlot({
        width: Math.max(box.clientWidth, 420), height: 200,
        series: [{}].concat(series.map(function (s) { return { label: s[1], stroke: s[2], width: 2 }; })),
        axes: [{}, {}]
      }, columns, box);
    } else {
      charts[id].setData(columns);
    }
  }

  function renderTable(id, rows) {
    var body = document.querySelector('#' + id + ' tbody');
    body.replaceChildren();
    rows.forEach(function (cells) {
      var tr = el('tr');
      cells.forEach(function (c) { tr.appendChild(el('td', {}, c)); });
      body.appendChild(tr);
    });
  }

  function renderAlerts(firing) {
    var box = document.getElementById('alerts');
    box.replaceChildren();
    if (!firing.length) { box.appendChild(el('span', { 'class': 'muted' }, 'none')); return; }
    firing.forEach(function (a) {
      var owner = a.tenant === null ? 'system' : a.tenant;
      var text = a.severity + ' · ' + owner + ' · ' + a.name + ' · ' + a.series + ' = ' + a.value +
        ' (threshold ' + a.threshold + ') since ' + a.since;
      box.appendChild(el('div', { 'class': 'firing', 'data-alert': a.name, 'data-tenant': owner }, text));
    });
  }

  function render(d) {
    renderHealth(d.health);
    renderAlerts(d.alerts.firing);
    Object.keys(CHARTS).forEach(function (id) { renderChart(id, CHARTS[id], d.series); });
    renderTable('queues', d.queues.map(function (q) {
      return [q.name, q.paused ? 'yes' : 'no', q.queued, q.running, q.completedLastMinute, q.failedLastMinute];
    }));
    renderTable('failures', d.recentFailures.map(function (f) { return [f.at, f.source, f.kind, f.error]; }));
    var line = document.getElementById('status-line');
    line.textContent = 'overall ' + d.health.status + ' · updated ' + new Date(d.generatedAt).toLocaleTimeString();
    line.setAttribute('data-updated', d.generatedAt);
  }

  function refresh() {
    fetch('/api/v1/monitoring/dashboard', { headers: headers(), cache: 'no-store' })
      .then(function (res) {
        if (res.status === 401 || res.status === 403) {
          document.getElementById('auth').classList.add('visible');
          throw new Error('an API key with the viewer role is needed');
        }
        return res.json();
      })
      .then(function (body) {
        if (!body.success) throw new Error(body.error && body.error.message);
        document.getElementById('auth').classList.remove('visible');
        render(body.data);
      })
      .catch(function (e) { document.getElementById('status-line').textContent = 'error: ' + e.message; })
      .finally(function () { setTimeout(refresh, REFRESH_MS); });
  }

  document.getElementById('auth-form').addEventListener('submit', function (e) {
    e.preventDefault();
    sessionStorage.setItem('apiKey', document.getElementById('api-key').value);
    location.reload();
  });
  refresh();
})();
`;
