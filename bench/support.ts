import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Resolves when `url` answers 2xx; the benches start servers as child processes. */
export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** The baseline every bench prints beside its figures: a bare Express JSON hello-world. */
export function startExpressHello(port: number): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'bench-express-'));
  const file = join(dir, 'hello.js');
  writeFileSync(
    file,
    `const express = require(${JSON.stringify(require.resolve('express'))});
     const app = express();
     app.get('/', (req, res) => res.json({ hello: 'world' }));
     app.listen(${port}, '127.0.0.1');`,
  );
  return spawn(process.execPath, [file], { stdio: 'ignore' });
}
