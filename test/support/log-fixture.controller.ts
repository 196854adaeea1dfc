import { Controller, Get, Post } from '@nestjs/common';

/** The secrets the logging suite configures and then looks for in the log. */
export const LOG_SECRETS = {
  apiKey: 'admin-key-5f0c2a9e7d',
  jwtSecret: 'jwt-secret-for-logging-tests-0123456789',
  webhookToken: 'hook-token-a8f3e1c6b2',
} as const;

/** Test-only routes that fail the way real code does: an error with a cause, secrets in messages. */
@Controller('api/v1/log-fixtures')
export class LogFixtureController {
  @Get('boom')
  boom(): never {
    const cause = new Error(`upstream refused key ${LOG_SECRETS.apiKey}`);
    throw new TypeError(`cannot read property 'price' of undefined (jwt ${LOG_SECRETS.jwtSecret})`, { cause });
  }

  @Post('boom')
  boomOnWrite(): never {
    throw new RangeError('write failed');
  }
}
