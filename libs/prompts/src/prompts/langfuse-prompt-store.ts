import { LangfuseClient } from '@langfuse/client';
import { AppError, Clock, type LangfuseSettings } from '@app/infrastructure';
import type { PromptMessage } from '@app/handit';
import { PromptRepository } from '../persistence/prompt.repository';
import { PromptStore } from './prompt-store';
import {
  DEFAULT_LABEL,
  LATEST,
  type NewPromptVersion,
  type PromptSelector,
  type PromptType,
  type PromptVersion,
  type ServedPrompt,
} from './prompt.types';

/** What the SDK returns for a prompt (its TextPromptClient / ChatPromptClient, or the API's Prompt). */
interface RemotePrompt {
  name: string;
  version: number;
  type: string;
  prompt: unknown;
  config?: unknown;
  labels?: string[];
  commitMessage?: string | null;
}

const isNotFound = (err: unknown) =>
  (err as { statusCode?: number }).statusCode === 404 || (err as { name?: string }).name === 'NotFoundError';

/**
 * Prompts in Langfuse, through @langfuse/client: written there, read from there (the SDK caches a
 * read `cacheTtlSeconds`), and copied into the service's database on every write and read. When
 * Langfuse cannot be reached, reads are served from that copy (source `fallback`); writes fail
 * with PROVIDER_UNAVAILABLE rather than let the two diverge. A tenant's prompts are the folder
 * `<tenant>/` of the Langfuse project, so tenants never share a name.
 */
export class LangfusePromptStore extends PromptStore {
  readonly kind = 'langfuse' as const;
  private readonly client: LangfuseClient;

  constructor(
    private readonly settings: LangfuseSettings,
    private readonly repository: PromptRepository,
    private readonly clock: Clock,
  ) {
    super();
    this.client = new LangfuseClient({
      publicKey: settings.publicKey,
      secretKey: settings.secretKey,
      baseUrl: settings.baseUrl.replace(/\/+$/, ''),
      timeout: Math.ceil(settings.prompts.fetchTimeoutMs / 1000),
    });
  }

  private remote(tenant: string, name: string): string {
    return `${tenant}/${name}`;
  }

  async create(tenant: string, createdBy: string | null, input: NewPromptVersion): Promise<ServedPrompt> {
    const body = {
      name: this.remote(tenant, input.name),
      prompt: input.prompt,
      config: input.config ?? {},
      labels: input.labels ?? [],
      ...(input.commitMessage ? { commitMessage: input.commitMessage } : {}),
    };
    const created = await this.call<unknown>(() =>
      input.type === 'chat'
        ? this.client.prompt.create({ ...body, type: 'chat', prompt: input.prompt as PromptMessage[] })
        : this.client.prompt.create({ ...body, type: 'text', prompt: input.prompt as string }),
    );
    return {
      ...(await this.keep(tenant, input.name, created as unknown as RemotePrompt, createdBy)),
      source: 'langfuse',
    };
  }

  async setLabels(tenant: string, name: string, version: number, labels: string[]): Promise<ServedPrompt | undefined> {
    let updated: RemotePrompt;
    try {
      updated = (await this.call(() =>
        this.client.prompt.update({ name: this.remote(tenant, name), version, newLabels: labels }),
      )) as unknown as RemotePrompt;
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
    return { ...(await this.keep(tenant, name, updated, null)), source: 'langfuse' };
  }

  async get(tenant: string, name: string, selector: PromptSelector): Promise<ServedPrompt | undefined> {
    const remoteName = this.remote(tenant, name);
    try {
      const fetched = (await this.client.prompt.get(remoteName, {
        ...(selector.version !== undefined
          ? { version: selector.version }
          : { label: selector.label ?? DEFAULT_LABEL }),
        cacheTtlSeconds: this.settings.prompts.cacheTtlSeconds,
        fetchTimeoutMs: this.settings.prompts.fetchTimeoutMs,
        maxRetries: 0,
      })) as unknown as RemotePrompt;
      return { ...(await this.keep(tenant, name, fetched, null)), source: 'langfuse' };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      // Unreachable or failing: the local copy of what was last written or read serves.
      const version =
        selector.version ?? (await this.repository.versionByLabel(tenant, name, selector.label ?? DEFAULT_LABEL));
      const copy = version === null ? null : await this.repository.find(tenant, name, version);
      if (!copy)
        throw new AppError(
          'PROVIDER_UNAVAILABLE',
          `Langfuse could not be reached for prompt '${name}' and no local copy exists`,
        );
      return { ...copy, source: 'fallback' };
    }
  }

  /** Copies what Langfuse holds into the local table (version and labels), for the fallback and the list. */
  private async keep(
    tenant: string,
    name: string,
    remote: RemotePrompt,
    createdBy: string | null,
  ): Promise<PromptVersion> {
    const now = this.clock.now();
    const existing = await this.repository.find(tenant, name, remote.version);
    const version: PromptVersion = {
      tenant,
      name,
      version: remote.version,
      type: (remote.type === 'chat' ? 'chat' : 'text') as PromptType,
      prompt:
        remote.type === 'chat'
          ? (remote.prompt as PromptMessage[]).map((m) => ({ role: m.role, content: m.content }))
          : String(remote.prompt),
      config: (remote.config as Record<string, unknown> | undefined) ?? {},
      labels: [],
      commitMessage: remote.commitMessage ?? existing?.commitMessage ?? null,
      createdBy: existing?.createdBy ?? createdBy,
      createdAt: existing?.createdAt ?? now,
    };
    const labels = remote.labels ?? [];
    await this.repository.transaction(async (trx) => {
      await this.repository.putVersion(version, trx);
      await this.repository.dropLabelsExcept(tenant, name, version.version, labels, trx);
      await this.repository.pointLabels(tenant, name, version.version, labels, now, trx);
      if (labels.includes(LATEST) || (await this.repository.latestVersion(tenant, name, trx)) === version.version)
        await this.repository.pointLabels(tenant, name, version.version, [LATEST], now, trx);
    });
    return { ...version, labels: [...new Set([...labels])].sort() };
  }

  /** A write to Langfuse; not reaching it is PROVIDER_UNAVAILABLE, its 4xx are passed on as such. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404) throw new AppError('NOT_FOUND', 'Langfuse has no such prompt version');
      if (status && status >= 400 && status < 500)
        throw new AppError('VALIDATION_FAILED', `Langfuse refused the prompt: ${(err as Error).message}`);
      throw new AppError('PROVIDER_UNAVAILABLE', `Langfuse could not be reached: ${(err as Error).message}`);
    }
  }
}
