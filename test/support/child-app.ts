import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MAIN_JS = join(__dirname, '../../dist/apps/gateway/src/main.js');

export interface ChildApp {
  proc: ChildProcess;
  port: number;
  dataDir: string;
  output(): string;
  exited: Promise<number | null>;
}

/** One request to a child app (a replica); `headers` carry credentials (e.g. `{ 'X-API-Key': … }`) when auth is on. */
export async function api(
  port: number,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs the built service (`npm test` builds it first) as a child process with only the given
 * environment plus PATH, the way a container runs it. `ready` rejects if it does not listen
 * within `startTimeoutMs` (longer for several replicas starting at once on a busy machine).
 */
export function spawnService(
  env: Record<string, string>,
  port = 0,
  startTimeoutMs = 45_000,
): ChildApp & { ready: Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'aio-child-'));
  let out = '';
  const proc = spawn(process.execPath, [MAIN_JS], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      SQLITE_PATH: join(dataDir, 'o.db'),
      ...env,
    },
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  // Ready when /health/live answers (works whatever LOG_LEVEL is) or the start-up line is logged.
  const ready = new Promise<void>((resolve, reject) => {
    let settled = false;
    const late = () => finish(new Error(`service did not start in ${startTimeoutMs} ms:\n${out}`));
    const timer = setTimeout(late, startTimeoutMs);
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const poll = async () => {
      while (!settled && port > 0) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/health/live`);
          if (res.ok) return finish();
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    void poll();
    // HTTPS services are not polled over plain HTTP; their start-up line says when they listen.
    proc.stdout?.on('data', () => out.includes('Listening on') && finish());
    void exited.then((code) => finish(new Error(`service exited with ${code} before listening:\n${out}`)));
  });
  ready.catch(() => undefined);
  return { proc, port, dataDir, output: () => out, exited, ready };
}

export async function startService(env: Record<string, string> = {}): Promise<ChildApp> {
  const port = await freePort();
  const child = spawnService(env, port);
  await child.ready;
  return child;
}

/** Kills a child app at once (no shutdown hooks run, as in a crash) and waits until it is gone. */
export async function sigkill(child: ChildApp): Promise<void> {
  child.proc.kill('SIGKILL');
  await child.exited;
}

/**
 * The child apps one crash suite starts: `start` spawns one on a free port and waits until it
 * listens; `killAll` (in afterAll or afterEach) SIGKILLs every one still running.
 */
export function childApps() {
  const children: ChildApp[] = [];
  return {
    async start(env: Record<string, string>, startTimeoutMs?: number): Promise<ChildApp> {
      const child = spawnService(env, await freePort(), startTimeoutMs);
      children.push(child);
      await child.ready;
      return child;
    },
    killAll(): void {
      for (const child of children) if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
    },
  };
}
