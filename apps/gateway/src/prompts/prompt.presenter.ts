import type { PromptBody, PromptSummary, ServedPrompt } from '@app/prompts';
import { promptVariables, PROMPT_TYPES } from '@app/prompts';

export function presentPrompt(p: ServedPrompt) {
  return {
    name: p.name,
    version: p.version,
    type: p.type,
    prompt: p.prompt,
    variables: promptVariables(p),
    config: p.config,
    labels: p.labels,
    commitMessage: p.commitMessage,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
    source: p.source,
  };
}

const MESSAGES_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    properties: { role: { type: 'string', enum: ['system', 'user', 'assistant'] }, content: { type: 'string' } },
  },
};
const BODY_SCHEMA = { oneOf: [{ type: 'string' }, MESSAGES_SCHEMA] };

export const PROMPT_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', example: 'market-analyst' },
    version: { type: 'integer', example: 2 },
    type: { type: 'string', enum: PROMPT_TYPES, example: 'chat' },
    prompt: { ...BODY_SCHEMA, example: [{ role: 'system', content: 'You are a {{style}} markets analyst.' }] },
    variables: { type: 'array', items: { type: 'string' }, example: ['style'] },
    config: { type: 'object', example: { temperature: 0.2 } },
    labels: { type: 'array', items: { type: 'string' }, example: ['latest', 'production'] },
    commitMessage: { type: 'string', nullable: true, example: 'Shorter answers' },
    createdBy: { type: 'string', nullable: true, example: 'desk-ops' },
    createdAt: { type: 'string', format: 'date-time' },
    source: {
      type: 'string',
      enum: ['langfuse', 'local', 'fallback'],
      example: 'local',
      description: '`fallback`: Langfuse was unreachable and the local copy served',
    },
  },
};

export function presentPromptSummary(s: PromptSummary) {
  return {
    name: s.name,
    type: s.type,
    latestVersion: s.latestVersion,
    labels: s.labels,
    updatedAt: s.updatedAt.toISOString(),
  };
}

export const PROMPT_SUMMARY_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', example: 'market-analyst' },
    type: { type: 'string', enum: PROMPT_TYPES, example: 'chat' },
    latestVersion: { type: 'integer', example: 3 },
    labels: {
      type: 'object',
      additionalProperties: { type: 'integer' },
      example: { latest: 3, production: 2, staging: 3 },
      description: 'Label → version',
    },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export function presentCompiled(prompt: ServedPrompt, compiled: PromptBody) {
  return { name: prompt.name, version: prompt.version, type: prompt.type, source: prompt.source, compiled };
}

export const COMPILED_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', example: 'market-analyst' },
    version: { type: 'integer', example: 2 },
    type: { type: 'string', enum: PROMPT_TYPES, example: 'chat' },
    source: { type: 'string', enum: ['langfuse', 'local', 'fallback'], example: 'local' },
    compiled: { ...BODY_SCHEMA, example: [{ role: 'system', content: 'You are a concise markets analyst.' }] },
  },
};
