import pino from 'pino';
import { Writable } from 'node:stream';
import { CoreLogger, createPino } from './core-logger';
import { maskSecrets } from '../redaction/mask-secrets';
import { SecretRedactor } from '../redaction/secret-redactor';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const logger = new CoreLogger(pino({ level: 'trace', formatters: { log: (o) => maskSecrets(o) } }, stream));
  return { logger, lines };
}

describe('CoreLogger', () => {
  it('writes domain calls as fields plus message', () => {
    const { logger, lines } = capture();
    logger.log({ port: 8003, apiKey: 'k' }, 'Listening');
    expect(lines[0]).toMatchObject({ level: 30, port: 8003, apiKey: '[REDACTED]', msg: 'Listening' });
  });

  it('writes Nest calls with context, and errors with stack and context', () => {
    const { logger, lines } = capture();
    logger.log('Mapped route', 'RouterExplorer');
    logger.error('Boom', 'Error: Boom\n    at x', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ msg: 'Mapped route', context: 'RouterExplorer' });
    expect(lines[1]).toMatchObject({
      level: 50,
      msg: 'Boom',
      stack: 'Error: Boom\n    at x',
      context: 'ExceptionsHandler',
    });
  });
});

describe('createPino', () => {
  function service(secretValues: string[] = []) {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const redactor = new SecretRedactor({ secretValues });
    return { logger: new CoreLogger(createPino('info', 'svc', redactor, stream), redactor), lines };
  }

  it('logs an error with its class, message, stack and cause, not as {}', () => {
    const { logger, lines } = service();
    const cause = new Error('connection reset');
    logger.error({ requestId: 'r-1', err: new TypeError('cannot read x', { cause }) }, 'Unhandled error');
    expect(lines[0]).toMatchObject({
      level: 'error',
      requestId: 'r-1',
      msg: 'Unhandled error',
      err: {
        type: 'TypeError',
        message: 'cannot read x',
        stack: expect.stringMatching(/^TypeError: cannot read x\n\s+at /),
        cause: { type: 'Error', message: 'connection reset', stack: expect.stringContaining('connection reset') },
      },
    });
  });

  it('redacts configured secret values and secret query parameters in fields, messages and child bindings', () => {
    const { logger, lines } = service(['configured-secret-123']);
    const fields = { url: '/x?token=abc&page=2', note: 'has configured-secret-123' };
    logger.warn(fields, 'GET /x?api_key=xyz with configured-secret-123');
    logger.child({ target: 'https://h/?token=abc' }).log('child');
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/abc|xyz|configured-secret-123/);
    expect(lines[0]).toMatchObject({
      url: '/x?token=%5BREDACTED%5D&page=2',
      msg: 'GET /x?api_key=%5BREDACTED%5D with [REDACTED]',
    });
  });
});
