import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { BaseLogger, LifecycleService } from '@app/infrastructure';

/**
 * Graceful shutdown: readiness turns 503 and new requests are refused at once, in-flight
 * requests get up to `timeoutMs` to finish, then Nest's shutdown hooks close the database and
 * other resources. Resolves with the exit code.
 */
export async function shutdownGracefully(app: INestApplication, signal: string, timeoutMs: number): Promise<number> {
  const logger = app.get(BaseLogger);
  const lifecycle = app.get(LifecycleService);
  lifecycle.beginDrain();
  logger.log({ signal, inFlight: lifecycle.inFlightRequests, timeoutMs }, 'Shutting down: draining in-flight requests');

  const server = app.getHttpServer() as Server;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Idle keep-alive sockets would hold server.close() open; active ones finish their request first.
  server.closeIdleConnections?.();
  const drained = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
  ]);
  if (!drained) {
    logger.warn({ inFlight: lifecycle.inFlightRequests }, 'Shutdown timeout reached; closing remaining connections');
    server.closeAllConnections?.();
  }
  try {
    await app.close();
    lifecycle.markStopped();
    logger.log('Shutdown complete');
    return drained ? 0 : 1;
  } catch (err) {
    logger.error({ err }, 'Error while closing resources');
    return 1;
  }
}

/** Runs the shutdown hooks (workers, pools) without the drain, for at most `timeoutMs`: a start that failed. */
export async function closeWithin(app: INestApplication, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([app.close().catch(() => undefined), late]);
  clearTimeout(timer);
}
