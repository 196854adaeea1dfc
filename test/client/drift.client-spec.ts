import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../..');
const COMMITTED = join(ROOT, 'libs/client/lib/generated/openapi.ts');

/** The first line where two texts differ, with both versions, for a readable failure. */
function firstDifference(committed: string, fresh: string): string | undefined {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i]) return `line ${i + 1}:\n  committed: ${a[i]}\n  generated: ${b[i]}`;
  return undefined;
}

describe('client types drift', () => {
  it('the committed types equal those generated from the built service’s /docs-json (npm run client:generate)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'aio-client-drift-')), 'openapi.ts');
    await promisify(execFile)(process.execPath, [join(ROOT, 'libs/client/scripts/generate.js'), '--out', out], {
      cwd: ROOT,
      timeout: 240_000,
    });
    const difference = firstDifference(readFileSync(COMMITTED, 'utf8'), readFileSync(out, 'utf8'));
    if (difference)
      throw new Error(`libs/client/lib/generated/openapi.ts is stale; run npm run client:generate\n${difference}`);
  }, 300_000);
});
