import type { AssembledContext, ContextItem } from '@app/letta';

/** One piece of a context window, by kind. */
function presentItem(item: ContextItem) {
  switch (item.kind) {
    case 'block':
      return { kind: item.kind, label: item.label, tokens: item.tokens };
    case 'message':
      return { kind: item.kind, id: item.id, role: item.role, tokens: item.tokens };
    case 'memory':
      return { kind: item.kind, id: item.id, type: item.type, score: item.score, tokens: item.tokens };
  }
}

/** A packed context window: its text, what it includes and what the budget cut. */
export function presentContext(context: AssembledContext) {
  return {
    budgetTokens: context.budgetTokens,
    usedTokens: context.usedTokens,
    tokenizer: context.tokenizer,
    text: context.text,
    included: context.included.map(presentItem),
    cut: context.cut.map((item) => ({ ...presentItem(item), reason: item.reason })),
    search: context.search ? { mode: context.search.mode, engine: context.search.engine } : null,
  };
}

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
