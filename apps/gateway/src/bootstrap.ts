import 'reflect-metadata';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { WsAdapter } from '@nestjs/platform-ws';
import { AppConfig, BaseLogger, BaseResponse, EnvelopedExpressAdapter } from '@app/infrastructure';
import { AppModule } from './app.module';
import { installHttpPipeline } from './http/http-pipeline';
import { installSwagger } from './http/swagger';
import { applyRole } from './role';
import { startServiceTracing } from './tracing';

/**
 * Builds the application from a validated configuration, without listening. main.ts listens;
 * tests use the same function so they exercise exactly what production runs.
 */
export async function createApplication(
  loaded: AppConfig,
  extraControllers: Type<unknown>[] = [],
): Promise<INestApplication> {
  const config = applyRole(loaded);
  if (!config.database.url) mkdirSync(dirname(config.database.sqlitePath), { recursive: true });
  mkdirSync(config.monitoring.health.diskPath, { recursive: true });

  // Tracing starts before the app so spans from module start-up are kept; the app shuts it down.
  const tracing = startServiceTracing(config);
  const { certPath, keyPath } = config.service.tls;
  const adapter = new EnvelopedExpressAdapter();
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, extraControllers), adapter, {
      bufferLogs: true,
      bodyParser: false,
      abortOnError: false,
      httpsOptions: certPath && keyPath ? { cert: readFileSync(certPath), key: readFileSync(keyPath) } : undefined,
    });
  } catch (err) {
    await tracing.shutdown();
    throw err;
  }
  app.useLogger(app.get(BaseLogger));
  adapter.envelopeWith(app.get(BaseResponse));
  // /ws shares the HTTP server; each connection parses its own frames (see EventsGateway).
  if (config.service.websocket.enabled) app.useWebSocketAdapter(new WsAdapter(app, { messageParser: () => undefined }));
  app.flushLogs();
  installHttpPipeline(app, config);
  if (config.monitoring.swaggerEnabled) installSwagger(app);
  return app;
}
