// Runs every example against one built service on a temporary SQLite file (`npm run examples`),
// prints each one's output, and exits non-zero when any fails. Each example is bounded in time.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startBuiltService } from './support/service';

const EXAMPLE_TIMEOUT_MS = 90_000;

function runExample(file: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        require.resolve('ts-node/dist/bin'),
        '--transpile-only',
        '-r',
        'tsconfig-paths/register',
        '-P',
        'tsconfig.ts-node.json',
        file,
      ],
      { cwd: join(__dirname, '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n(killed after ${EXAMPLE_TIMEOUT_MS} ms)`;
      child.kill('SIGKILL');
    }, EXAMPLE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function main(): Promise<number> {
  const webhookPort = await freePort();
  const service = await startBuiltService({
    ALERT_WEBHOOK_URLS: `http://127.0.0.1:${webhookPort}/alerts`,
    MONITORING_SAMPLE_INTERVAL_MS: '500',
    ALERT_EVALUATION_INTERVAL_MS: '500',
    WORKFLOW_APPROVAL_NOTIONAL: '1000',
  });
  const examples = readdirSync(__dirname)
    .filter((name) => /^\d\d-.*\.ts$/.test(name))
    .sort();
  let passed = 0;
  let failed = 0;
  try {
    for (const name of examples) {
      const started = Date.now();
      const { code, output } = await runExample(join('examples', name), {
        AIO_BASE_URL: service.baseUrl,
        AIO_API_KEY: service.apiKey,
        AIO_WEBHOOK_PORT: String(webhookPort),
      });
      const ok = code === 0;
      if (ok) passed++;
      else failed++;
      console.log(`${ok ? '✓' : '✗'} example ${name} (${Date.now() - started} ms)`);
      console.log(output.replace(/^/gm, '    ').trimEnd());
    }
  } finally {
    await service.stop();
  }
  console.log(`Examples: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed === examples.length ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
