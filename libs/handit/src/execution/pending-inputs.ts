import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/** Inputs kept for the next attempts; more queued tasks than this read their input from the row. */
export const PENDING_INPUTS_MAX = 256;

/**
 * The validated inputs of tasks queued on this replica, so an attempt starting soon after does not
 * read the input back from its row and parse it again (for 500 candles that was most of the
 * attempt's plumbing). The row stays the source of truth: an input evicted from this bounded,
 * least-recently-queued-first store (lru-cache), or one queued on another replica, is read from the database.
 */
@Injectable()
export class PendingInputs {
  // Boxed: lru-cache holds no undefined, and a task's input may be null.
  private readonly inputs = new LRUCache<string, { input: unknown }>({ max: PENDING_INPUTS_MAX });

  keep(taskId: string, input: unknown): void {
    if (input !== undefined) this.inputs.set(taskId, { input });
  }

  /** The input if still held, removed from the store (a retry keeps it again when it is requeued). */
  take(taskId: string): { input: unknown } | undefined {
    const held = this.inputs.get(taskId);
    this.inputs.delete(taskId);
    return held;
  }

  forget(taskId: string): void {
    this.inputs.delete(taskId);
  }

  get size(): number {
    return this.inputs.size;
  }
}
