import { Injectable } from '@nestjs/common';
import { AppError, Clock, newId, type Principal } from '@app/infrastructure';
import { SilenceRepository } from '../persistence/silence.repository';
import { type AlertScope, ownerFilter, ownerOf, type Severity, type Silence } from './alert.types';

/** Unexpired silences one owner may hold. */
export const MAX_SILENCES_PER_OWNER = 100;
/** Unexpired silences the evaluator reads on each pass (every owner's). */
const MAX_CURRENT_SILENCES = 10_000;

export interface NewSilence {
  ruleName?: string | null;
  severity?: Severity | null;
  /** Default: now. */
  startsAt?: Date;
  endsAt: Date;
  comment: string;
  /** `system` (system admin only): silences the system rules. */
  scope?: AlertScope;
}

/**
 * Silences mute webhook notifications of matching alerts for a time; state changes are still
 * recorded. A silence belongs to its creator's tenant and mutes that tenant's rules only; the
 * system rules are muted by system-scope silences, which only the system admin makes. A tenant
 * lists and ends its own silences; the system admin every silence.
 */
@Injectable()
export class Silences {
  constructor(
    private readonly repository: SilenceRepository,
    private readonly clock: Clock,
  ) {}

  async create(caller: Principal, input: NewSilence): Promise<Silence> {
    const owner = ownerOf(caller, input.scope, 'silences');
    const now = this.clock.now();
    const startsAt = input.startsAt ?? now;
    if (input.endsAt.getTime() <= Math.max(now.getTime(), startsAt.getTime())) {
      throw AppError.validation([{ field: 'endsAt', message: 'must be after now and after startsAt' }]);
    }
    if ((await this.repository.countCurrent(owner, now)) >= MAX_SILENCES_PER_OWNER) {
      throw new AppError('CONFLICT', `at most ${MAX_SILENCES_PER_OWNER} silences can be current or planned at once`);
    }
    const silence: Silence = {
      id: newId(),
      tenant: owner,
      ruleName: input.ruleName ?? null,
      severity: input.severity ?? null,
      startsAt,
      endsAt: input.endsAt,
      comment: input.comment,
      createdBy: caller.id,
      createdAt: now,
    };
    await this.repository.insert(silence);
    return silence;
  }

  /** Current and planned silences of the caller's tenant (the system admin: of every owner). */
  list(caller: Principal): Promise<Silence[]> {
    return this.repository.current(ownerFilter(caller, false), this.clock.now(), MAX_CURRENT_SILENCES);
  }

  /** Every owner's current and planned silences, for the evaluator. */
  current(now: Date): Promise<Silence[]> {
    return this.repository.current({ all: true }, now, MAX_CURRENT_SILENCES);
  }

  /** Ends a silence of the caller's tenant (the system admin: any); another's is not found. */
  async remove(caller: Principal, id: string): Promise<void> {
    if (!(await this.repository.delete(ownerFilter(caller, false), id))) throw AppError.notFound('silence', id);
  }
}
