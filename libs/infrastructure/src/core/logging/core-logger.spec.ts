import pino from 'pino';
import { Writable } from 'node:stream';
import { CoreLogger } from './core-logger';
import { maskSecrets } from '../redaction/mask-secrets';

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
    expect(lines[1]).toMatchObject({ level: 50, msg: 'Boom', stack: 'Error: Boom\n    at x', context: 'ExceptionsHandler' });
  });
});
