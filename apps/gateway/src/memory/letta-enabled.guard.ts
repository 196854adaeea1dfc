import { CanActivate, Injectable } from '@nestjs/common';
import { AppError, LettaSettings } from '@app/infrastructure';

/** With aiComponents.letta.enabled false the memory routes answer 503 instead of serving data. */
@Injectable()
export class LettaEnabledGuard implements CanActivate {
  constructor(private readonly settings: LettaSettings) {}

  canActivate(): boolean {
    if (!this.settings.enabled)
      throw new AppError('SERVICE_UNAVAILABLE', 'Agent memory (letta) is disabled in this deployment');
    return true;
  }
}
