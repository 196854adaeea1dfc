import { AppError } from '@app/infrastructure';
import type { ScheduleInput, Timing } from '../scheduler.types';
import { checkTimeZone, parseCron } from '../timing/fire-times';

const invalid = (field: string, message: string) => AppError.validation([{ field, message }]);

function toDate(value: string | Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid('at', 'must be an ISO-8601 date-time');
  return date;
}

/**
 * The timing a request asks for: exactly one of `cron` (with `timezone`), `everyMs` (with an
 * optional first fire time `at`) or `at` alone (one-off). Times must be in the future.
 */
export function resolveTiming(input: Pick<ScheduleInput, 'cron' | 'timezone' | 'everyMs' | 'at'>, now: number): Timing {
  const hasCron = input.cron !== undefined;
  const hasEvery = input.everyMs !== undefined;
  const hasAt = input.at !== undefined;
  if (hasCron && (hasEvery || hasAt)) throw invalid('cron', 'give exactly one of cron, everyMs or at (at may accompany everyMs as its first fire time)');
  if (input.timezone !== undefined && !hasCron) throw invalid('timezone', 'applies only to cron schedules');
  if (hasCron) {
    const timezone = input.timezone ?? 'UTC';
    checkTimeZone(timezone);
    parseCron(input.cron as string, timezone);
    return { kind: 'cron', cron: input.cron as string, timezone, everyMs: null, at: null };
  }
  const at = hasAt ? toDate(input.at as string | Date) : null;
  if (at && at.getTime() <= now) throw invalid('at', `must be in the future (now is ${new Date(now).toISOString()})`);
  if (hasEvery) {
    const everyMs = input.everyMs as number;
    return { kind: 'every', cron: null, timezone: null, everyMs, at: at ?? new Date(now + everyMs) };
  }
  if (at) return { kind: 'at', cron: null, timezone: null, everyMs: null, at };
  throw invalid('cron', 'one of cron, everyMs or at is required');
}
