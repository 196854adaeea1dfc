import { Injectable } from '@nestjs/common';
import { AppError, Clock, newId } from '@app/infrastructure';
import { AlertRepository } from './alert.repository';
import type { Severity, Silence } from './alert.types';

/** Silences mute webhook notifications of matching alerts for a time; state changes are still recorded. */
@Injectable()
export class Silences {
  constructor(private readonly repository: AlertRepository, private readonly clock: Clock) {}

  async create(input: { ruleName?: string; severity?: Severity; startsAt?: string; endsAt: string; comment: string }, createdBy: string | null): Promise<Silence> {
    const now = this.clock.now();
    const startsAt = input.startsAt ? new Date(input.startsAt) : now;
    const endsAt = new Date(input.endsAt);
    if (endsAt.getTime() <= Math.max(now.getTime(), startsAt.getTime())) {
      throw AppError.validation([{ field: 'endsAt', message: 'must be after now and after startsAt' }]);
    }
    const silence: Silence = { id: newId(), ruleName: input.ruleName ?? null, severity: input.severity ?? null, startsAt, endsAt, comment: input.comment, createdBy, createdAt: now };
    await this.repository.insertSilence(silence);
    return silence;
  }

  list(): Promise<Silence[]> {
    return this.repository.currentSilences(this.clock.now());
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repository.deleteSilence(id))) throw AppError.notFound('silence', id);
  }
}
