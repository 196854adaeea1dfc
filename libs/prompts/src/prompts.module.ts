import { Module, type Provider } from '@nestjs/common';
import { BaseConfig, Clock, PersistenceModule } from '@app/infrastructure';
import { HanditModule } from '@app/handit';
import { promptsMigrations } from './persistence/migrations';
import { PromptRepository } from './persistence/prompt.repository';
import { LangfusePromptStore } from './prompts/langfuse-prompt-store';
import { LocalPromptStore } from './prompts/local-prompt-store';
import { PromptLibraryResolver } from './prompts/prompt-library-resolver';
import { PromptStore } from './prompts/prompt-store';
import { PromptService } from './prompts/prompt.service';

/** Langfuse when its key pair is configured, else the service's database. */
const promptStore: Provider = {
  provide: PromptStore,
  useFactory: (config: BaseConfig, repository: PromptRepository, clock: Clock, local: LocalPromptStore) => {
    const s = config.values.aiComponents.langfuse;
    return s.publicKey && s.secretKey ? new LangfusePromptStore(s, repository, clock) : local;
  },
  inject: [BaseConfig, PromptRepository, Clock, LocalPromptStore],
};

/**
 * Prompt management (issue 18): versions, labels, compile; the resolver llm-analyst and workflow
 * LLM nodes use through handit's PromptResolvers. Needs InfrastructureModule and PersistenceModule.forRoot.
 */
@Module({
  imports: [PersistenceModule.forFeature({ namespace: 'prompts', migrations: promptsMigrations }), HanditModule],
  providers: [PromptRepository, LocalPromptStore, promptStore, PromptService, PromptLibraryResolver],
  exports: [PromptService],
})
export class PromptsModule {}
