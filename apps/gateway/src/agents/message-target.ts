import { AppError } from '@app/infrastructure';
import type { MessageTarget } from '@app/agent-coordinator';
import { CAPABILITY_PATTERN } from './dto/agent.dto';

/** `to` is a union the DTO decorators cannot express: checked here, naming the field (`field`, in a batch `messages[<i>].to`). */
export function parseTarget(to: unknown, field = 'to'): MessageTarget {
  if (to === 'broadcast') return 'broadcast';
  if (typeof to === 'string') {
    if (!to.length || to.length > 64)
      throw AppError.validation([{ field, message: 'must be an agent id, "broadcast" or { "capability": "…" }' }]);
    return to;
  }
  if (typeof to === 'object' && to !== null && !Array.isArray(to)) {
    const keys = Object.keys(to);
    const extra = keys.find((k) => k !== 'capability');
    if (extra) throw AppError.validation([{ field: `${field}.${extra}`, message: 'is not an allowed field' }]);
    const capability = (to as { capability?: unknown }).capability;
    if (typeof capability !== 'string' || !CAPABILITY_PATTERN.test(capability)) {
      throw AppError.validation([{ field: `${field}.capability`, message: 'must be 1-100 letters, digits and _.:-' }]);
    }
    return { capability };
  }
  throw AppError.validation([{ field, message: 'must be an agent id, "broadcast" or { "capability": "…" }' }]);
}
