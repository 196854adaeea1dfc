import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((name) => /^\d\d-.*\.ts$/.test(name));

/** The examples runner's output: one `✓`/`✗ example <file>` line per example, then its indented output. */
let output = '';
let exitCode: number | null = null;

describe('examples (examples/run-all.ts against the built service)', () => {
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      const child = execFile(
        process.execPath,
        [
          require.resolve('ts-node/dist/bin'),
          '--transpile-only',
          '-r',
          'tsconfig-paths/register',
          '-P',
          'tsconfig.ts-node.json',
          'examples/run-all.ts',
        ],
        { cwd: ROOT, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
        (_err, stdout, stderr) => {
          output = `${stdout}${stderr}`;
          exitCode = child.exitCode;
          resolve();
        },
      );
    });
  }, 620_000);

  it('finds the five examples', () => {
    expect(EXAMPLES).toHaveLength(5);
  });

  it.each(EXAMPLES)('%s runs green and prints its result', (name) => {
    const section = output.split(/^(?=[✓✗] example )/m).find((s) => s.includes(` example ${name} `));
    expect(section).toBeDefined();
    if (!section!.startsWith('✓')) throw new Error(section);
    expect(section!.split('\n').slice(1).join('\n').trim().length).toBeGreaterThan(0);
  });

  it('the runner reports every example passed and exits 0', () => {
    expect(output).toContain(`Examples: ${EXAMPLES.length} passed, 0 failed`);
    expect(exitCode).toBe(0);
  });
});
