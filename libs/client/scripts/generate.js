#!/usr/bin/env node
// Regenerates the client's types from the built service's OpenAPI document (`npm run client:generate`):
// builds the gateway if dist/ is stale, starts it on 127.0.0.1 with a temporary SQLite file, reads
// /docs-json, runs openapi-typescript and formats the result with the repository's Prettier config.
//   node libs/client/scripts/generate.js [--out <file>] [--docs <file to keep the document in>]
const { execFileSync, spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '../../..');
const MAIN_JS = join(ROOT, 'dist/apps/gateway/src/main.js');
const DEFAULT_OUT = join(ROOT, 'libs/client/lib/generated/openapi.ts');
const START_TIMEOUT_MS = 60_000;

function argument(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Starts the built service with a fixed configuration (the document must not depend on the machine). */
async function startService() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'aio-client-gen-'));
  const proc = spawn(process.execPath, [MAIN_JS], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      SQLITE_PATH: join(dataDir, 'o.db'),
      LOG_LEVEL: 'warn',
      API_KEYS: 'generator:viewer:default:client-generator-key',
    },
    cwd: dataDir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (chunk) => (stderr += chunk));
  const stop = () => {
    proc.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/live`);
      if (res.ok) return { base: `http://127.0.0.1:${port}`, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`the built service did not start (bound ${START_TIMEOUT_MS} ms):\n${stderr}`);
}

/**
 * openapi-typescript keys its `operations` interface by operationId, so an id that two operations
 * share (the scheduler's and the workflows' `RunsController_list` today) would not compile. Each
 * shared id gets its path as a suffix; the client's methods are path-based and do not use the ids.
 */
function uniqueOperationIds(document) {
  const uses = new Map();
  for (const operations of Object.values(document.paths))
    for (const operation of Object.values(operations))
      if (operation && operation.operationId)
        uses.set(operation.operationId, (uses.get(operation.operationId) ?? 0) + 1);
  for (const [path, operations] of Object.entries(document.paths))
    for (const operation of Object.values(operations))
      if (operation && uses.get(operation.operationId) > 1)
        operation.operationId += `_${path.replace(/^\/api\/v1\//, '').replace(/[^A-Za-z0-9]+/g, '_')}`;
  return document;
}

async function main() {
  const out = resolve(argument('--out') ?? DEFAULT_OUT);
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-if-needed.js')], { cwd: ROOT, stdio: 'inherit' });
  const service = await startService();
  const work = mkdtempSync(join(tmpdir(), 'aio-client-doc-'));
  try {
    const res = await fetch(`${service.base}/docs-json`);
    if (!res.ok) throw new Error(`GET /docs-json answered ${res.status}`);
    const docs = argument('--docs') ?? join(work, 'openapi.json');
    writeFileSync(docs, JSON.stringify(uniqueOperationIds(await res.json()), null, 2));
    const bin = join(ROOT, 'node_modules/.bin');
    execFileSync(
      join(bin, 'openapi-typescript'),
      [docs, '--output', out, '--default-non-nullable', 'false', '--empty-objects-unknown'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    execFileSync(
      join(bin, 'prettier'),
      ['--config', join(ROOT, '.prettierrc.json'), '--write', '--log-level', 'warn', out],
      { cwd: ROOT, stdio: 'inherit' },
    );
    console.log(`wrote ${out} (${readFileSync(out, 'utf8').split('\n').length} lines)`);
  } finally {
    service.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
