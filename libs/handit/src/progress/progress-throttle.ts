import type { ProgressReport, ProgressReporter } from '../quant/progress';

/** Longest progress message kept; an engine's message is a line, not a log. */
export const PROGRESS_MESSAGE_MAX_CHARS = 200;

/**
 * A reporter that passes on the first report, then at most one per `intervalMs`, and always the
 * one that completes the work (fraction 1). Fractions are clamped to [0, 1] and never go back, so
 * a listener sees a monotonic sequence whatever the engine sends.
 */
export function throttleProgress(
  send: (report: ProgressReport) => void,
  intervalMs: number,
  now: () => number = Date.now,
): ProgressReporter {
  let lastSentAt = -Infinity;
  let highest = 0;
  return (report) => {
    const fraction = Math.max(highest, Math.min(1, Number.isFinite(report.fraction) ? report.fraction : 0));
    highest = fraction;
    const at = now();
    if (fraction < 1 && at - lastSentAt < intervalMs) return;
    lastSentAt = at;
    send({ fraction, message: String(report.message ?? '').slice(0, PROGRESS_MESSAGE_MAX_CHARS) });
  };
}
