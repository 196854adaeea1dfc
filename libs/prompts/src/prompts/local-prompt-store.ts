import { Injectable } from '@nestjs/common';
import { Clock } from '@app/infrastructure';
import { PromptRepository } from '../persistence/prompt.repository';
import { PromptStore } from './prompt-store';
import { DEFAULT_LABEL, LATEST, type NewPromptVersion, type PromptSelector, type ServedPrompt } from './prompt.types';

/** Prompts in the service's database: versions numbered per name, `latest` on the newest. */
@Injectable()
export class LocalPromptStore extends PromptStore {
  readonly kind = 'local' as const;

  constructor(
    private readonly repository: PromptRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  async create(tenant: string, createdBy: string | null, input: NewPromptVersion): Promise<ServedPrompt> {
    const now = this.clock.now();
    const version = await this.repository.transaction(async (trx) => {
      const next = (await this.repository.latestVersion(tenant, input.name, trx)) + 1;
      await this.repository.putVersion(
        {
          tenant,
          name: input.name,
          version: next,
          type: input.type,
          prompt: input.prompt,
          config: input.config ?? {},
          labels: [],
          commitMessage: input.commitMessage ?? null,
          createdBy,
          createdAt: now,
        },
        trx,
      );
      await this.repository.pointLabels(tenant, input.name, next, [...(input.labels ?? []), LATEST], now, trx);
      return next;
    });
    return { ...(await this.repository.find(tenant, input.name, version))!, source: 'local' };
  }

  async setLabels(tenant: string, name: string, version: number, labels: string[]): Promise<ServedPrompt | undefined> {
    const found = await this.repository.transaction(async (trx) => {
      if (!(await this.repository.find(tenant, name, version, trx))) return false;
      await this.repository.dropLabelsExcept(tenant, name, version, labels, trx);
      await this.repository.pointLabels(tenant, name, version, labels, this.clock.now(), trx);
      return true;
    });
    if (!found) return undefined;
    return { ...(await this.repository.find(tenant, name, version))!, source: 'local' };
  }

  async get(tenant: string, name: string, selector: PromptSelector): Promise<ServedPrompt | undefined> {
    const version =
      selector.version ?? (await this.repository.versionByLabel(tenant, name, selector.label ?? DEFAULT_LABEL));
    if (version === null) return undefined;
    const found = await this.repository.find(tenant, name, version);
    return found ? { ...found, source: 'local' } : undefined;
  }
}
