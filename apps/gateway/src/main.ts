import 'reflect-metadata';
import { assertAuthConfigured, BaseLogger, ConfigError, LifecycleService, loadConfig } from '@app/infrastructure';
import { createApplication } from './bootstrap';
import { listenFailure } from './listen-failure';
import { closeWithin, shutdownGracefully } from './shutdown';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    // Refuse an unprotected production start with one clear line rather than a framework stack.
    assertAuthConfigured(
      config.service.environment,
      { apiKeys: config.security.apiKeys, jwt: config.security.jwt, authDisabled: config.security.authDisabled },
      { warn: () => undefined },
    );
  } catch (err) {
    // Before the logger exists: one plain message naming each bad setting, then exit 1.
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }

  let app;
  try {
    app = await createApplication(config);
  } catch (err) {
    process.stderr.write(`Start-up failed: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const logger = app.get(BaseLogger);
  const { port, host, shutdownTimeoutMs } = config.service;
  try {
    await app.listen(port, host);
  } catch (err) {
    // One line an operator can act on (EADDRINUSE, EACCES), not a stack; then close what started.
    process.stderr.write(`${listenFailure(err as NodeJS.ErrnoException, host, port)}\n`);
    await closeWithin(app, shutdownTimeoutMs);
    process.exit(1);
  }
  app.get(LifecycleService).markReady();
  const scheme = config.service.tls.certPath ? 'https' : 'http';
  const mode = config.database.url && config.redis.url ? 'distributed' : 'embedded';
  logger.log(
    {
      port,
      host,
      mode,
      database: config.database.url ? 'postgres' : 'sqlite',
      role: mode === 'distributed' ? config.service.role : 'all',
    },
    `Listening on ${scheme}://${host}:${port}`,
  );

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void shutdownGracefully(app, signal, shutdownTimeoutMs).then((code) => process.exit(code));
    });
  }
}

void main();
