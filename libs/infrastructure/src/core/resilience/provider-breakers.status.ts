import { Injectable } from '@nestjs/common';
import { ContributesStatus, type ComponentStatus, type StatusContributor } from '../status/status-contributor';
import { ProviderBreakers } from './provider-breakers';

/** /status: each AI provider's circuit; degraded while any is open. */
@Injectable()
@ContributesStatus('providers')
export class ProviderBreakersStatus implements StatusContributor {
  constructor(private readonly breakers: ProviderBreakers) {}

  componentStatus(): ComponentStatus {
    const circuits = this.breakers.snapshot();
    const open = Object.values(circuits).some((c) => c.state !== 'closed');
    return { state: open ? 'degraded' : 'up', details: { circuits } };
  }
}
