import { SetMetadata } from '@nestjs/common';

/** `unavailable`: enabled in config but not present in this build or missing a dependency. */
export type ComponentState = 'up' | 'degraded' | 'down' | 'disabled' | 'starting' | 'unavailable';

export interface ComponentStatus {
  state: ComponentState;
  /** Key figures an operator wants at a glance (queue depth, dialect, hit ratio, …). */
  details?: Record<string, unknown>;
}

/** A provider that reports one component's state for /status and the monitoring library. */
export interface StatusContributor {
  componentStatus(): Promise<ComponentStatus> | ComponentStatus;
}

export const STATUS_CONTRIBUTOR = 'infrastructure:status-contributor';

/** Marks a provider implementing StatusContributor under a component name; found by discovery. */
export const ContributesStatus = (component: string): ClassDecorator => SetMetadata(STATUS_CONTRIBUTOR, component);
