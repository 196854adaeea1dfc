import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppError } from '@app/infrastructure';
import {
  PromptResolvers,
  TaskExecutionError,
  type PromptReference,
  type PromptResolver,
  type ResolvedPrompt,
} from '@app/handit';
import { asMessages } from './prompt-template';
import { PromptService } from './prompt.service';

/**
 * The prompt library as handit's PromptResolver (registered at start-up): a model call's prompt
 * reference read in the task's tenant and compiled. A missing prompt or variable fails the task
 * for good (retrying would not help); Langfuse being down is served from the local copy.
 */
@Injectable()
export class PromptLibraryResolver implements PromptResolver, OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly prompts: PromptService,
    private readonly resolvers: PromptResolvers,
  ) {}

  onModuleInit(): void {
    this.resolvers.use(this);
  }

  onModuleDestroy(): void {
    if (this.resolvers.current === this) this.resolvers.use(null);
  }

  async resolve(tenant: string, reference: PromptReference): Promise<ResolvedPrompt> {
    const selector = reference.version !== undefined ? { version: reference.version } : { label: reference.label };
    try {
      const { prompt, compiled } = await this.prompts.compile(
        tenant,
        reference.name,
        selector,
        reference.variables ?? {},
      );
      return {
        name: this.prompts.linkName(tenant, prompt.name),
        version: prompt.version,
        ...(reference.version === undefined ? { label: reference.label ?? 'production' } : {}),
        isFallback: prompt.source === 'fallback',
        messages: asMessages(compiled),
      };
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND')
        throw new TaskExecutionError('PROMPT_NOT_FOUND', err.message, false);
      if (err instanceof AppError && err.code === 'VALIDATION_FAILED')
        throw new TaskExecutionError('PROMPT_VARIABLES', err.message, false, err.details);
      if (err instanceof AppError && err.code === 'PROVIDER_UNAVAILABLE')
        throw new TaskExecutionError('PROVIDER_UNAVAILABLE', err.message, true);
      throw err;
    }
  }
}
