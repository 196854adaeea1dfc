import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN_JS = join(__dirname, '../../dist/apps/gateway/src/main.js');
const START_TIMEOUT_MS = 60_000;

export interface RunningService {
  baseUrl: string;
  apiKey: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the built service (dist/) on 127.0.0.1 with a temporary SQLite file and one admin API key. */
export async function startBuiltService(env: Record<string, string> = {}): Promise<RunningService> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'aio-examples-'));
  const apiKey = 'examples-admin-key-0001';
  const proc = spawn(process.execPath, [MAIN_JS], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      SQLITE_PATH: join(dataDir, 'examples.db'),
      API_KEYS: `examples:admin:default:${apiKey}`,
      LOG_LEVEL: 'warn',
      ...env,
    },
    cwd: dataDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null) proc.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < until && proc.exitCode === null) {
    try {
      if ((await fetch(`${baseUrl}/health/live`)).ok) return { baseUrl, apiKey, proc, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the built service did not start (bound ${START_TIMEOUT_MS} ms)`);
}
