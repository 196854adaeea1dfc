import { throttledErrorLog } from './connection-error-log';

describe('throttledErrorLog', () => {
  it('logs the first error of a source, then at most one line per interval counting the ones it left out', () => {
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const logger = { warn: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }) };
    let now = 1_000;
    const log = throttledErrorLog(logger, 'rate-limit', { intervalMs: 10_000, now: () => now });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

    log(refused);
    for (let i = 0; i < 50; i++) {
      now += 100;
      log(refused);
    }
    now += 10_000;
    log(refused);

    const fields = { source: 'rate-limit', err: 'connect ECONNREFUSED 127.0.0.1:6379', code: 'ECONNREFUSED' };
    expect(lines).toEqual([
      { fields: { ...fields, suppressed: 0 }, message: 'Redis connection problem' },
      { fields: { ...fields, suppressed: 50 }, message: 'Redis connection problem' },
    ]);
  });

  it('takes the message of the connection it watches', () => {
    const messages: string[] = [];
    const log = throttledErrorLog({ warn: (_f: unknown, m: string) => messages.push(m) }, 'database-pool', {
      message: 'PostgreSQL connection problem',
    });
    log(new Error('terminating connection due to administrator command'));
    expect(messages).toEqual(['PostgreSQL connection problem']);
  });
});
