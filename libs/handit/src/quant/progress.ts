/** How far an engine is: a fraction in [0, 1] and what it is doing. */
export interface ProgressReport {
  fraction: number;
  message: string;
}

/** Called by an engine as it goes; engines call it only for inputs large enough to be worth reporting. */
export type ProgressReporter = (report: ProgressReport) => void;

/**
 * Fewest candles for which an engine reports progress: below it an analysis finishes in a few
 * milliseconds, and reporting would only cost the task hot path a message channel.
 */
export const PROGRESS_MIN_CANDLES = 5_000;

/** Whether the engine of `type` reports progress for this input (decided before a channel is opened). */
export function reportsProgress(type: string, input: unknown): boolean {
  if (type !== 'technical_analysis') return false;
  const candles = (input as { candles?: unknown } | null)?.candles;
  return Array.isArray(candles) && candles.length >= PROGRESS_MIN_CANDLES;
}
