import type { NewPromptVersion, PromptSelector, ServedPrompt } from './prompt.types';

/** Where prompts live: the service's database, or Langfuse (with the database as local copy). */
export abstract class PromptStore {
  /** `langfuse` or `local`, as /status and the API show it. */
  abstract readonly kind: 'langfuse' | 'local';
  abstract create(tenant: string, createdBy: string | null, input: NewPromptVersion): Promise<ServedPrompt>;
  /** Sets a version's labels (each moved from whichever version had it); undefined when there is no such version. */
  abstract setLabels(
    tenant: string,
    name: string,
    version: number,
    labels: string[],
  ): Promise<ServedPrompt | undefined>;
  /** The selected version; undefined when the prompt or the label / version does not exist. */
  abstract get(tenant: string, name: string, selector: PromptSelector): Promise<ServedPrompt | undefined>;
}
