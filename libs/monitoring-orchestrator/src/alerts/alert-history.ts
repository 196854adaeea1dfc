import { Injectable } from '@nestjs/common';
import type { Page, Principal } from '@app/infrastructure';
import { AlertEventRepository, type AlertHistoryQuery } from '../persistence/alert-event.repository';
import { type AlertEvent, ownerFilter } from './alert.types';

/** The alert history as a caller may read it: its tenant's rules' and the system rules' events. */
@Injectable()
export class AlertHistory {
  constructor(private readonly events: AlertEventRepository) {}

  /** One page, newest first (the system admin: every owner's events). */
  list(caller: Principal, query: AlertHistoryQuery): Promise<Page<AlertEvent>> {
    return this.events.list(ownerFilter(caller, true), query);
  }
}
