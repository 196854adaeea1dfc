import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import {
  ComponentState,
  ComponentStatus,
  ComponentStatusService,
  isSystemAdmin,
  type Principal,
} from '@app/infrastructure';

export interface AggregatedHealth {
  /** `down` if any component is down, `degraded` if any is degraded/starting/unavailable, else `up`. */
  status: 'up' | 'degraded' | 'down';
  components: Record<string, ComponentStatus>;
}

const DEGRADED: ComponentState[] = ['degraded', 'starting', 'unavailable'];

/** Every component's health, from the providers marked @ContributesStatus. */
@Injectable()
export class HealthAggregator {
  constructor(
    private readonly status: ComponentStatusService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async collect(): Promise<AggregatedHealth> {
    const components = await this.status.collect();
    const states = Object.values(components).map((c) => c.state);
    const status = states.includes('down') ? 'down' : states.some((s) => DEGRADED.includes(s)) ? 'degraded' : 'up';
    return { status, components };
  }

  /**
   * Health as `caller` may see it. Component details count every tenant's work (queued tasks,
   * schedules, cache hits), so only the system admin gets them; others get each component's state.
   */
  async collectFor(caller: Principal): Promise<AggregatedHealth> {
    const health = await this.collect();
    if (isSystemAdmin(caller)) return health;
    const components = Object.fromEntries(
      Object.entries(health.components).map(([name, c]) => [name, { state: c.state }]),
    );
    return { status: health.status, components };
  }

  /**
   * A Terminus indicator for /health: one entry per component, down when any component is down
   * (degraded components stay "up" for the probe, with their state in the details).
   */
  async isHealthy(key = 'components') {
    const { components } = await this.collect();
    const details = Object.fromEntries(Object.entries(components).map(([name, c]) => [name, c.state]));
    const check = this.indicators.check(key);
    return Object.values(components).some((c) => c.state === 'down') ? check.down(details) : check.up(details);
  }
}
