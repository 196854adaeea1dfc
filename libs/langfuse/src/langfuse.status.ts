import { Injectable } from '@nestjs/common';
import { ComponentStatus, ContributesStatus, maskUrlCredentials, StatusContributor } from '@app/infrastructure';
import { TracingRuntime } from './tracing/tracing-runtime';

/** The `langfuse` component in /status: exporters, their queues and outcomes, the local store. */
@Injectable()
@ContributesStatus('langfuse')
export class TracingStatus implements StatusContributor {
  constructor(private readonly runtime: TracingRuntime) {}

  componentStatus(): ComponentStatus {
    if (!this.runtime.enabled) return { state: 'disabled' };
    const s = this.runtime.config.aiComponents.langfuse;
    const counts = this.runtime.telemetry.snapshot();
    const exporters = this.runtime.pipelines.map((p) => ({
      backend: p.backend,
      target: maskUrlCredentials(p.target),
      queued: p.buffer.queued,
      maxQueueSize: s.export.maxQueueSize,
      ...(counts[p.backend] ?? { exported: 0, failures: 0, dropped: 0, last: null }),
    }));
    const degraded = exporters.some((e) => e.last === 'failed') || counts.local_store?.last === 'failed';
    return {
      state: degraded ? 'degraded' : 'up',
      details: {
        samplingRatio: s.samplingRatio,
        globalTracerProvider: this.runtime.registered.tracerProvider ? 'this service' : 'host (already registered)',
        exporters,
        localStore: this.runtime.localStore
          ? {
              queued: this.runtime.localStore.queued,
              maxQueueSize: s.store.maxQueueSize,
              retentionDays: s.store.retentionDays,
              ...(counts.local_store ?? {}),
            }
          : 'disabled',
        scores: counts.langfuse_scores ?? null,
      },
    };
  }
}
