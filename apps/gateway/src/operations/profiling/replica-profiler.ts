import { Injectable } from '@nestjs/common';
import { Session } from 'node:inspector/promises';
import { AppError } from '@app/infrastructure';

export const PROFILE_KINDS = ['cpu', 'heap'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export interface Capture {
  kind: ProfileKind;
  /** The file as Chrome DevTools loads it: a .cpuprofile (JSON Profile) or a .heapsnapshot. */
  body: Buffer;
  startedAt: Date;
  durationMs: number;
}

/** Microseconds between CPU samples: DevTools' own default, fine enough for request-level work. */
const SAMPLING_INTERVAL_US = 1000;

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The profile is larger than PROFILING_MAX_BYTES (${maxBytes} bytes)`, {
    setting: 'PROFILING_MAX_BYTES',
    limit: maxBytes,
  });
}

/**
 * Captures this process's CPU profile or heap snapshot through node:inspector, one capture at a
 * time (a second is refused with 409: two sessions profiling at once skew each other, and two
 * heap snapshots double the memory spike). Nothing needs a restart or `--inspect`: the session
 * talks to the process's own inspector, no port is opened.
 */
@Injectable()
export class ReplicaProfiler {
  private busy = false;

  get capturing(): boolean {
    return this.busy;
  }

  async capture(kind: ProfileKind, seconds: number, maxBytes: number, signal?: AbortSignal): Promise<Capture> {
    if (this.busy) throw new AppError('CONFLICT', 'A profile of this replica is already being captured; retry later');
    this.busy = true;
    const session = new Session();
    const startedAt = new Date();
    try {
      session.connect();
      const body =
        kind === 'cpu' ? await this.cpu(session, seconds, maxBytes, signal) : await this.heap(session, maxBytes);
      return { kind, body, startedAt, durationMs: Date.now() - startedAt.getTime() };
    } finally {
      session.disconnect();
      this.busy = false;
    }
  }

  private async cpu(session: Session, seconds: number, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await session.post('Profiler.start');
    let profile: unknown;
    try {
      // The client leaving ends the capture early (its profile is then thrown away).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, seconds * 1000);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      });
    } finally {
      ({ profile } = await session.post('Profiler.stop'));
      await session.post('Profiler.disable');
    }
    const body = Buffer.from(JSON.stringify(profile));
    if (body.length > maxBytes) throw tooLarge(maxBytes);
    return body;
  }

  /**
   * The snapshot arrives in chunks while V8 walks the heap (the event loop is held meanwhile, as
   * with any heap snapshot); chunks beyond maxBytes are not kept, so a huge heap costs no copy.
   */
  private async heap(session: Session, maxBytes: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let over = false;
    const onChunk = (message: { params: { chunk: string } }) => {
      if (over) return;
      const chunk = Buffer.from(message.params.chunk);
      bytes += chunk.length;
      if (bytes > maxBytes) {
        over = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    };
    session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    try {
      await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    }
    if (over) throw tooLarge(maxBytes);
    return Buffer.concat(chunks);
  }
}
