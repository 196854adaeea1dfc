import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * DESIGN.md's dependency directions are ESLint rules (eslint.config.mjs), so CI fails on a
 * violation. These cases lint code as if it were written at the given path.
 */
const REFUSED: Array<[string, string, RegExp]> = [
  ['libs/handit/src/x.ts', "export { X } from '@app/letta';", /handit may import only/],
  ['libs/infrastructure/src/x.ts', "export { X } from '@app/handit';", /infrastructure imports no other library/],
  ['libs/task-scheduler/src/x.ts', "export { X } from '@app/handit';", /task-scheduler may import only/],
  ['libs/monitoring-orchestrator/src/x.ts', "export { X } from '@app/langgraph';", /monitoring-orchestrator/],
  ['libs/letta/src/x.ts', "export { X } from '../../handit/src/tasks/task.service';", /by its alias/],
  ['libs/handit/src/x.ts', "export { X } from '../../../apps/gateway/src/app.module';", /No library imports apps/],
  ['libs/langgraph/src/x.ts', "export { X } from '@app/handit/testing';", /never imports a testing surface/],
  ['test/x.e2e-spec.ts', "export { X } from '../libs/letta/src/storage/memory.repository';", /by its alias/],
  ['bench/x.ts', "export { X } from '@app/letta/storage/memory.repository';", /alias only/],
];

const ALLOWED: Array<[string, string]> = [
  ['libs/handit/src/execution/task-runner.medium-spec.ts', "export { X } from '@app/infrastructure/testing';"],
  ['libs/langgraph/src/x.ts', "export { X } from '@app/handit';"],
  ['libs/agent-coordinator/src/x.ts', "export { X } from '@app/letta';"],
  ['libs/handit/src/x.ts', "export { X } from '@app/market-calendars';"],
  ['test/x.e2e-spec.ts', "export { X } from '@app/letta/testing';"],
  ['apps/gateway/src/x.ts', "export { X } from '@app/agent-coordinator';"],
];

describe('lint: dependency directions and deep imports', () => {
  // ESLint's flat config is an ES module, which Jest's CommonJS runtime cannot load: the cases are
  // linted by ESLint's API in one child process, exactly as `npm run lint` sees them.
  const LINT = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint();
      const out = [];
      for (const [filePath, code] of cases) {
        const [result] = await eslint.lintText(code, { filePath });
        out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const results = new Map<string, string[]>();

  const problems = (filePath: string, code: string) => results.get(`${filePath} ${code}`);

  beforeAll(() => {
    const cases = [...REFUSED, ...ALLOWED].map(([filePath, code]) => [filePath, code]);
    const out = execFileSync(process.execPath, ['-e', LINT, JSON.stringify(cases)], { cwd: join(__dirname, '..') });
    (JSON.parse(out.toString()) as string[][]).forEach((messages, i) =>
      results.set(`${cases[i][0]} ${cases[i][1]}`, messages),
    );
  }, 60_000);

  it.each(REFUSED)('%s: %s is refused', async (filePath, code, message) => {
    expect(problems(filePath, code)).toEqual([expect.stringMatching(message)]);
  });

  it.each(ALLOWED)('%s: %s is allowed', async (filePath, code) => {
    expect(problems(filePath, code)).toEqual([]);
  });
});
