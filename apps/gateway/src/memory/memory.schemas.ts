/** OpenAPI schemas (with examples) of what the memory routes answer inside the envelope. */
const ts = { type: 'string', format: 'date-time', example: '2026-11-25T12:00:00.000Z' };
const tsNullable = { type: 'string', format: 'date-time', nullable: true, example: null };

export const MEMORY_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    agentId: { type: 'string', example: 'fx-trader-1' },
    type: { type: 'string', enum: ['semantic', 'episodic', 'procedural'], example: 'semantic' },
    content: { type: 'string', example: 'The user prefers EUR/USD scalping during the London session.' },
    metadata: { type: 'object', additionalProperties: true, example: { source: 'chat' } },
    tags: { type: 'array', items: { type: 'string' }, example: ['fx', 'preferences'] },
    importance: { type: 'number', example: 0.8 },
    sessionId: { type: 'string', nullable: true, example: null },
    role: { type: 'string', nullable: true, enum: ['user', 'assistant', 'system', 'tool', null], example: null },
    expiresAt: tsNullable,
    createdAt: ts,
    updatedAt: ts,
    lastAccessedAt: ts,
    accessCount: { type: 'integer', example: 0 },
    embedded: { type: 'boolean', example: false, description: 'Whether an embedding is stored' },
  },
};

export const WRITE_RESULT_SCHEMA = {
  ...MEMORY_SCHEMA,
  properties: {
    ...MEMORY_SCHEMA.properties,
    deduplicated: {
      type: 'boolean',
      example: false,
      description: 'True when a near-duplicate was updated instead (status 200)',
    },
    similarity: {
      type: 'number',
      example: 0.92,
      description: 'Word-bigram Jaccard similarity to the updated memory (dedupe only)',
    },
  },
};

export const DELETED_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    deleted: { type: 'boolean', example: true },
  },
};

export const BLOCK_SCHEMA = {
  type: 'object',
  properties: {
    agentId: { type: 'string', example: 'fx-trader-1' },
    label: { type: 'string', example: 'persona' },
    value: { type: 'string', example: 'You are a disciplined FX trader.' },
    limitChars: { type: 'integer', example: 2000 },
    description: { type: 'string', nullable: true, example: 'Who the agent is' },
    createdAt: ts,
    updatedAt: ts,
  },
};

export const SESSION_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3E' },
    agentId: { type: 'string', example: 'fx-trader-1' },
    title: { type: 'string', nullable: true, example: 'London open review' },
    metadata: { type: 'object', additionalProperties: true, example: {} },
    status: { type: 'string', enum: ['active', 'ended'], example: 'active' },
    messageCount: { type: 'integer', example: 2 },
    summaryMemoryId: { type: 'string', nullable: true, example: null },
    createdAt: ts,
    endedAt: tsNullable,
  },
};

const SCORES = {
  type: 'object',
  description: 'Weighted, min-max normalised components; relevance + recency + importance + similarity = total',
  example: { relevance: 0.5, recency: 0.1, importance: 0.05, similarity: 0, total: 0.65 },
};

export const SEARCH_SCHEMA = {
  type: 'object',
  properties: {
    query: { type: 'string', example: 'EUR/USD scalping' },
    mode: { type: 'string', enum: ['fulltext', 'hybrid'], example: 'fulltext' },
    engine: { type: 'string', enum: ['sqlite-fts5-bm25', 'postgres-tsvector-ts_rank'], example: 'sqlite-fts5-bm25' },
    weights: { type: 'object', example: { relevance: 0.5, recency: 0.25, importance: 0.25, similarity: 0 } },
    halfLifeHours: { type: 'number', example: 72 },
    candidates: { type: 'integer', example: 12, description: 'Memories ranked before the limit was applied' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          memory: MEMORY_SCHEMA,
          scores: SCORES,
          raw: {
            type: 'object',
            example: { textRank: 3.2, ageHours: 5.5, recency: 0.95, importance: 0.8, cosine: null },
          },
        },
      },
    },
  },
};

export const CONTEXT_SCHEMA = {
  type: 'object',
  properties: {
    budgetTokens: { type: 'integer', example: 1500 },
    usedTokens: {
      type: 'integer',
      example: 1320,
      description: 'Exact cl100k_base token count of `text`; never above the budget',
    },
    tokenizer: { type: 'string', example: 'cl100k_base' },
    text: {
      type: 'string',
      example: '[block:persona] You are a disciplined FX trader.\n\n[user] Should I fade this breakout?\n\n',
    },
    included: {
      type: 'array',
      items: { type: 'object' },
      example: [
        { kind: 'block', label: 'persona', tokens: 12 },
        { kind: 'message', id: '01JD3Z8X6Q4W3N5R7T9V1B2C3F', role: 'user', tokens: 9 },
      ],
    },
    cut: {
      type: 'array',
      items: { type: 'object' },
      example: [
        {
          kind: 'memory',
          id: '01JD3Z8X6Q4W3N5R7T9V1B2C3G',
          type: 'semantic',
          score: 0.4,
          tokens: 800,
          reason: 'budget',
        },
      ],
    },
    search: { type: 'object', nullable: true, example: { mode: 'fulltext', engine: 'sqlite-fts5-bm25' } },
  },
};

export const EXPORT_SCHEMA = {
  type: 'object',
  properties: {
    format: { type: 'string', example: 'letta-agent-memory' },
    version: { type: 'integer', example: 1 },
    agentId: { type: 'string', example: 'fx-trader-1' },
    exportedAt: ts,
    blocks: { type: 'array', items: BLOCK_SCHEMA },
    sessions: { type: 'array', items: SESSION_SCHEMA },
    memories: {
      type: 'array',
      items: {
        ...MEMORY_SCHEMA,
        properties: {
          ...MEMORY_SCHEMA.properties,
          position: { type: 'integer', nullable: true, description: 'Order of a message within its session' },
        },
      },
    },
  },
};

export const IMPORT_REPORT_SCHEMA = {
  type: 'object',
  example: { mode: 'merge', blocks: 2, sessions: 1, memories: 40 },
  properties: {
    mode: { type: 'string', enum: ['merge', 'replace'] },
    blocks: { type: 'integer' },
    sessions: { type: 'integer' },
    memories: { type: 'integer' },
  },
};

export const SWEEP_SCHEMA = {
  type: 'object',
  properties: {
    startedAt: ts,
    finishedAt: ts,
    total: { type: 'integer', example: 3 },
    byReason: { type: 'object', example: { expired: 1, 'max-age': 0, 'over-count': 2 } },
    removed: {
      type: 'array',
      items: { type: 'object' },
      example: [{ agentId: 'fx-trader-1', type: 'episodic', reason: 'over-count', count: 2 }],
    },
    complete: { type: 'boolean', example: true },
  },
};
