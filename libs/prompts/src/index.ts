/** Public face of @app/prompts: prompt management, for the gateway. */
export { PromptsModule } from './prompts.module';
export { PromptService, promptVariables, type CompiledPrompt } from './prompts/prompt.service';
export {
  PROMPT_TYPES,
  CHAT_ROLES,
  DEFAULT_LABEL,
  LATEST,
  type PromptType,
  type PromptVersion,
  type PromptSummary,
  type ServedPrompt,
  type PromptBody,
  type NewPromptVersion,
} from './prompts/prompt.types';
