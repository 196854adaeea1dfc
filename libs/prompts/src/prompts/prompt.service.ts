import { Injectable } from '@nestjs/common';
import { AppError, type FieldProblem } from '@app/infrastructure';
import { PROMPT_LABEL_PATTERN, PROMPT_NAME_PATTERN, type PromptMessage } from '@app/handit';
import { PromptRepository } from '../persistence/prompt.repository';
import { PromptStore } from './prompt-store';
import { compile, compileProblems, variablesOf } from './prompt-template';
import {
  CHAT_ROLES,
  LATEST,
  PROMPT_TYPES,
  type NewPromptVersion,
  type PromptBody,
  type PromptSelector,
  type PromptVersion,
  type ServedPrompt,
} from './prompt.types';

const MAX_TEXT_CHARS = 100_000;
const MAX_MESSAGES = 100;
const MAX_LABELS = 20;
const MAX_CONFIG_BYTES = 16 * 1024;

/** The compiled prompt and the version it came from. */
export interface CompiledPrompt {
  prompt: ServedPrompt;
  compiled: PromptBody;
}

/**
 * Prompt management for one tenant at a time: versions (each create is a new version), labels
 * (`production`, `staging`, any; `latest` follows the newest), reads by label or version, and
 * compiling with `{{variables}}`. Where prompts live is the PromptStore's concern.
 */
@Injectable()
export class PromptService {
  constructor(
    private readonly store: PromptStore,
    private readonly repository: PromptRepository,
  ) {}

  get storeKind(): 'langfuse' | 'local' {
    return this.store.kind;
  }

  /** The name a generation links to: Langfuse's (`<tenant>/<name>`) when prompts live there. */
  linkName(tenant: string, name: string): string {
    return this.store.kind === 'langfuse' ? `${tenant}/${name}` : name;
  }

  async create(tenant: string, createdBy: string | null, input: NewPromptVersion): Promise<ServedPrompt> {
    const problems = [
      ...nameProblems(input.name),
      ...bodyProblems(input),
      ...labelProblems(input.labels ?? [], 'labels'),
    ];
    if (input.config !== undefined && Buffer.byteLength(JSON.stringify(input.config)) > MAX_CONFIG_BYTES)
      problems.push({ field: 'config', message: `must serialise to at most ${MAX_CONFIG_BYTES} bytes` });
    if (problems.length) throw AppError.validation(problems);
    return this.store.create(tenant, createdBy, input);
  }

  async setLabels(tenant: string, name: string, version: number, labels: string[]): Promise<ServedPrompt> {
    const problems = [...nameProblems(name), ...labelProblems(labels, 'labels')];
    if (problems.length) throw AppError.validation(problems);
    const updated = await this.store.setLabels(tenant, name, version, [...new Set(labels)]);
    if (!updated) throw AppError.notFound('prompt version', `${name}@${version}`);
    return updated;
  }

  async get(tenant: string, name: string, selector: PromptSelector): Promise<ServedPrompt> {
    const problems = nameProblems(name);
    if (selector.label !== undefined && selector.version !== undefined)
      problems.push({ field: 'version', message: 'give either label or version, not both' });
    if (problems.length) throw AppError.validation(problems);
    const found = await this.store.get(tenant, name, selector);
    if (!found)
      throw AppError.notFound(
        'prompt',
        selector.version !== undefined ? `${name}@${selector.version}` : `${name}:${selector.label ?? 'production'}`,
      );
    return found;
  }

  list(tenant: string, page: { limit?: number; cursor?: string }) {
    return this.repository.list(tenant, page);
  }

  async versions(tenant: string, name: string, page: { limit?: number; cursor?: string }) {
    const result = await this.repository.versions(tenant, name, page);
    if (result.items.length === 0 && !page.cursor) throw AppError.notFound('prompt', name);
    return result;
  }

  /** The selected version with `variables` filled in; every missing or unknown variable is a 400 naming it. */
  async compile(
    tenant: string,
    name: string,
    selector: PromptSelector,
    variables: Record<string, string>,
  ): Promise<CompiledPrompt> {
    const prompt = await this.get(tenant, name, selector);
    const problems = compileProblems(prompt.prompt, variables, 'variables');
    if (problems.length) throw AppError.validation(problems);
    return { prompt, compiled: compile(prompt.prompt, variables) };
  }
}

/** The variables a version uses (shown with it). */
export function promptVariables(v: PromptVersion): string[] {
  return variablesOf(v.prompt);
}

function nameProblems(name: string): FieldProblem[] {
  return PROMPT_NAME_PATTERN.test(name) ? [] : [{ field: 'name', message: `must match ${PROMPT_NAME_PATTERN.source}` }];
}

function labelProblems(labels: string[], field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (labels.length > MAX_LABELS) problems.push({ field, message: `must hold at most ${MAX_LABELS} labels` });
  labels.forEach((label, i) => {
    if (!PROMPT_LABEL_PATTERN.test(label))
      problems.push({ field: `${field}[${i}]`, message: `must match ${PROMPT_LABEL_PATTERN.source}` });
    else if (label === LATEST)
      problems.push({
        field: `${field}[${i}]`,
        message: "'latest' always marks the newest version; it is not set by hand",
      });
  });
  return problems;
}

function bodyProblems(input: NewPromptVersion): FieldProblem[] {
  if (!(PROMPT_TYPES as readonly string[]).includes(input.type))
    return [{ field: 'type', message: `must be one of ${PROMPT_TYPES.join(', ')}` }];
  if (input.type === 'text') {
    if (typeof input.prompt !== 'string' || input.prompt.trim() === '')
      return [{ field: 'prompt', message: 'must be a non-empty string for a text prompt' }];
    if (input.prompt.length > MAX_TEXT_CHARS)
      return [{ field: 'prompt', message: `must be at most ${MAX_TEXT_CHARS} characters` }];
    return [];
  }
  if (!Array.isArray(input.prompt) || input.prompt.length === 0)
    return [{ field: 'prompt', message: 'must be a non-empty array of { role, content } for a chat prompt' }];
  if (input.prompt.length > MAX_MESSAGES)
    return [{ field: 'prompt', message: `must hold at most ${MAX_MESSAGES} messages` }];
  const problems: FieldProblem[] = [];
  let chars = 0;
  input.prompt.forEach((m: PromptMessage, i) => {
    if (typeof m !== 'object' || m === null || !(CHAT_ROLES as readonly string[]).includes(m.role))
      problems.push({ field: `prompt[${i}].role`, message: `must be one of ${CHAT_ROLES.join(', ')}` });
    if (typeof m?.content !== 'string' || m.content === '')
      problems.push({ field: `prompt[${i}].content`, message: 'must be a non-empty string' });
    else chars += m.content.length;
    for (const key of Object.keys(m ?? {}))
      if (key !== 'role' && key !== 'content')
        problems.push({ field: `prompt[${i}].${key}`, message: 'is not an allowed field' });
  });
  if (chars > MAX_TEXT_CHARS)
    problems.push({ field: 'prompt', message: `must hold at most ${MAX_TEXT_CHARS} characters` });
  return problems;
}
