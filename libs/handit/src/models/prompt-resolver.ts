import { Injectable } from '@nestjs/common';

/** A prompt a model call names: by label (default `production`) or version, with its variables. */
export interface PromptReference {
  name: string;
  label?: string;
  version?: number;
  variables?: Record<string, string>;
}

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A prompt compiled for one call, as a chat (a text prompt is one system message). */
export interface ResolvedPrompt {
  name: string;
  version: number;
  label?: string;
  /** Served from the local copy because the prompt store (Langfuse) was unreachable. */
  isFallback: boolean;
  messages: PromptMessage[];
}

/** What the prompt library provides to handit: a tenant's prompt, compiled. Throws TaskExecutionError. */
export interface PromptResolver {
  resolve(tenant: string, reference: PromptReference): Promise<ResolvedPrompt>;
}

/**
 * Where the prompt library plugs in its resolver (dependency inversion: handit is the lowest
 * domain layer and never imports the prompts library; that library registers itself here at
 * start-up). Without one, a task naming a prompt fails with PROMPTS_UNAVAILABLE.
 */
@Injectable()
export class PromptResolvers {
  private resolver: PromptResolver | null = null;

  use(resolver: PromptResolver | null): void {
    this.resolver = resolver;
  }

  get current(): PromptResolver | null {
    return this.resolver;
  }
}
