import type { AppConfig } from '@app/infrastructure';
import { startTracing, TracingRuntime } from '@app/langfuse';

/**
 * Starts the service's tracing before Nest builds the application, so spans created while
 * modules start (migrations, recovery of queued tasks) already have a provider, exporters and a
 * local-store buffer. LangfuseModule later picks up this same runtime (keyed by the config
 * object) and shuts it down with the app.
 */
export function startServiceTracing(config: AppConfig): TracingRuntime {
  return startTracing(config);
}
