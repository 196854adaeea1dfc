/** The dashboard shell: static, no data in it; dashboard.js fills it from the JSON route. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI Orchestration Service · dashboard</title>
<link rel="stylesheet" href="/dashboard/assets/uplot.min.css">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f5f6f8; color: #1d2330; }
  header {
    background: #1d2330; color: #fff; padding: 12px 20px;
    display: flex; justify-content: space-between; align-items: center;
  }
  header h1 { font-size: 18px; margin: 0; }
  main { padding: 16px 20px; display: grid; gap: 16px; }
  section { background: #fff; border-radius: 6px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: 15px; margin: 0 0 8px; }
  #health { display: flex; flex-wrap: wrap; gap: 8px; }
  .component {
    border-radius: 4px; padding: 6px 10px; min-width: 120px; border-left: 6px solid #999; background: #fafafa;
  }
  .component[data-state="up"] { border-color: #2e9e44; }
  .component[data-state="degraded"], .component[data-state="starting"],
  .component[data-state="unavailable"] { border-color: #e0a100; }
  .component[data-state="down"] { border-color: #d33; }
  .component[data-state="disabled"] { border-color: #aaa; color: #777; }
  .component .state { font-weight: 600; text-transform: uppercase; font-size: 11px; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; font-size: 13px; }
  .firing { color: #d33; font-weight: 600; }
  #auth { display: none; }
  #auth.visible { display: block; }
  .muted { color: #777; }
</style>
</head>
<body>
<header><h1>AI Orchestration Service</h1><span id="status-line" class="muted">loading…</span></header>
<main>
  <section id="auth"><h2>API key</h2>
    <form id="auth-form">
      <input id="api-key" type="password" placeholder="X-API-Key (viewer or above)" size="40">
      <button type="submit">Use</button>
    </form>
    <p class="muted">The key is kept in this tab only (sessionStorage).</p></section>
  <section><h2>Health</h2><div id="health"></div></section>
  <section><h2>Firing alerts</h2><div id="alerts"><span class="muted">none</span></div></section>
  <div class="charts">
    <section><h2>Requests and errors per second</h2><div class="chart" id="chart-requests"></div></section>
    <section><h2>Latency (ms)</h2><div class="chart" id="chart-latency"></div></section>
    <section><h2>Queues</h2><div class="chart" id="chart-queues"></div></section>
    <section><h2>Tasks per minute</h2><div class="chart" id="chart-tasks"></div></section>
  </div>
  <section><h2>Queues</h2><table id="queues">
    <thead><tr><th>queue</th><th>paused</th><th>queued</th><th>running</th><th>done/min</th><th>failed/min</th></tr></thead>
    <tbody></tbody>
  </table></section>
  <section><h2>Recent failures</h2><table id="failures">
    <thead><tr><th>at</th><th>source</th><th>kind</th><th>error</th></tr></thead>
    <tbody></tbody>
  </table></section>
</main>
<script src="/dashboard/assets/uplot.min.js"></script>
<script src="/dashboard/assets/dashboard.js"></script>
</body>
</html>
`;
