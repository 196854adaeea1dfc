// A schedule that fires every second, and an alert rule whose notification reaches a local webhook.
// The service must have been started with ALERT_WEBHOOK_URLS pointing at AIO_WEBHOOK_PORT (run-all does).
import { createServer } from 'node:http';
import { exampleClient, run } from './support/example';

run(async () => {
  const client = exampleClient();
  const port = Number(process.env.AIO_WEBHOOK_PORT);
  if (!port) throw new Error('set AIO_WEBHOOK_PORT to the port of ALERT_WEBHOOK_URLS');
  const received: { status?: string; rule?: { name?: string } }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  try {
    const schedule = await client.post('/api/v1/scheduler/schedules', {
      body: { name: 'example heartbeat', job: 'scheduler.heartbeat', everyMs: 1000 },
    });
    const rule = await client.post('/api/v1/monitoring/alerts/rules', {
      body: {
        name: `example-rss-${Date.now()}`,
        expr: { series: 'process.rss_mb', comparison: '>', threshold: 1 },
        severity: 'info',
      },
    });
    const until = Date.now() + 30_000;
    let runs: { status?: string }[] = [];
    while (Date.now() < until && (runs.length === 0 || received.length === 0)) {
      await new Promise((r) => setTimeout(r, 250));
      runs =
        (await client.get('/api/v1/scheduler/runs', { params: { query: { scheduleId: schedule.id } } })).items ?? [];
      runs = runs.filter((r) => r.status === 'succeeded');
    }
    await client.delete('/api/v1/scheduler/schedules/{id}', { params: { path: { id: schedule.id! } } });
    await client.delete('/api/v1/monitoring/alerts/rules/{id}', { params: { path: { id: rule.id! } } });
    if (runs.length === 0) throw new Error('the schedule did not run within 30 s');
    if (received.length === 0) throw new Error('no alert reached the webhook within 30 s');
    console.log(`schedule ${schedule.id}: ${runs.length} succeeded run(s)`);
    console.log(`webhook on 127.0.0.1:${port} received: ${JSON.stringify(received[0]).slice(0, 300)}`);
  } finally {
    receiver.close();
  }
});
