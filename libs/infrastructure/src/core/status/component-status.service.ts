import { Injectable } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { ComponentStatus, STATUS_CONTRIBUTOR, StatusContributor } from './status-contributor';

const CONTRIBUTOR_TIMEOUT_MS = 2000;

/** Collects every component's status from the providers marked with @ContributesStatus. */
@Injectable()
export class ComponentStatusService {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  async collect(): Promise<Record<string, ComponentStatus>> {
    const contributors = this.discovery
      .getProviders()
      .filter((w) => w.instance && w.metatype && typeof w.metatype === 'function')
      .map((w) => ({
        name: this.reflector.get<string>(STATUS_CONTRIBUTOR, w.metatype as never),
        instance: w.instance as StatusContributor,
      }))
      .filter((c) => typeof c.name === 'string' && typeof c.instance.componentStatus === 'function');
    const entries = await Promise.all(contributors.map(async (c) => [c.name, await this.safely(c.instance)] as const));
    return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  }

  /** One slow or failing component must not take /status down with it. */
  private async safely(contributor: StatusContributor): Promise<ComponentStatus> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        Promise.resolve(contributor.componentStatus()),
        new Promise<ComponentStatus>((resolve) => {
          timer = setTimeout(
            () => resolve({ state: 'degraded', details: { error: 'status check timed out' } }),
            CONTRIBUTOR_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (err) {
      return { state: 'down', details: { error: (err as Error).message } };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
