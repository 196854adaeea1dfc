import { Injectable } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import { AppError, LettaSettings } from '@app/infrastructure';
import type { AgentScope, Memory } from '../memories/memory.types';
import type { CoreBlock } from '../blocks/block.types';
import type { AssembledContext, ContextItem, ContextParams } from './context.types';
import { LettaMetrics } from '../letta.metrics';
import { withMemorySpan, searchAttributes } from '../memory-spans';
import { SearchService } from '../search/search.service';
import { BlockService } from '../blocks/block.service';
import { SessionService } from '../sessions/session.service';
import { countTokens, TOKENIZER_NAME } from './tokenizer';

interface Piece {
  item: ContextItem;
  text: string;
  /** Where it goes in the text: blocks, then messages oldest first, then hits by rank. */
  order: number;
}

/**
 * Every piece is rendered as one trimmed paragraph followed by a blank line. cl100k's
 * pre-tokenizer splits at that newline run, so a text's token count is the sum of its pieces'
 * counts; the assembled text is still counted once more as a whole and trimmed if ever over.
 */
function render(prefix: string, body: string): string {
  return `[${prefix}] ${body.trim()}\n\n`;
}

/**
 * Packs an agent's context window: core blocks first (label order), then the session's recent
 * messages (newest kept first, shown oldest first, always a contiguous tail), then the top
 * search hits (by rank; one that does not fit is cut and smaller ones may still fit).
 */
@Injectable()
export class ContextService {
  constructor(
    private readonly blocks: BlockService,
    private readonly sessions: SessionService,
    private readonly search: SearchService,
    private readonly settings: LettaSettings,
    private readonly metrics: LettaMetrics,
  ) {}

  assemble(scope: AgentScope, params: ContextParams): Promise<AssembledContext> {
    return this.metrics.track('context', () =>
      withMemorySpan('context', scope, (span) => this.build(scope, params, span)),
    );
  }

  private async build(scope: AgentScope, params: ContextParams, span: Span): Promise<AssembledContext> {
    const { context } = this.settings;
    const budget = params.budgetTokens ?? context.defaultBudgetTokens;
    if (budget > context.maxBudgetTokens) {
      throw AppError.validation([
        { field: 'budgetTokens', message: `must be at most ${context.maxBudgetTokens} (MEMORY_CONTEXT_MAX_TOKENS)` },
      ]);
    }
    const blocks = await this.blocks.list(scope);
    const messages = params.sessionId
      ? await this.sessions.messages(scope, params.sessionId, params.recentMessages ?? context.recentMessages)
      : [];
    const hitLimit = params.searchHits ?? context.searchHits;
    const found =
      params.q && hitLimit > 0
        ? await this.search.rank(scope, { q: params.q, limit: hitLimit + messages.length })
        : null;
    const messageIds = new Set(messages.map((m) => m.id));
    const hits = (found?.items ?? []).filter((h) => !messageIds.has(h.memory.id)).slice(0, hitLimit);

    const included: Piece[] = [];
    const cut: Piece[] = [];
    let used = 0;
    const offer = (piece: Piece): boolean => {
      if (used + piece.item.tokens <= budget) {
        included.push(piece);
        used += piece.item.tokens;
        return true;
      }
      cut.push(piece);
      return false;
    };

    blocks.forEach((b, i) => offer(this.blockPiece(b, i)));
    // Newest first, so what survives a tight budget is the most recent stretch of talk.
    let messagesCut = false;
    for (let i = messages.length - 1; i >= 0; i--) {
      const piece = this.messagePiece(messages[i], 10_000 + i);
      if (messagesCut) cut.push(piece);
      else messagesCut = !offer(piece);
    }
    hits.forEach((h, i) => offer(this.hitPiece(h.memory, h.scores.total, 20_000 + i)));

    let text = this.join(included);
    let exact = countTokens(text);
    // Defensive: if the sum ever under-counts the whole, drop from the lowest priority until it fits.
    while (exact > budget && included.length) {
      cut.push(included.pop()!);
      text = this.join(included);
      exact = countTokens(text);
    }

    const includedHits = included
      .filter((p) => p.item.kind === 'memory')
      .map((p) => hits.find((h) => h.memory.id === (p.item as { id: string }).id)!.memory);
    await this.search.touch(scope, includedHits, new Date());
    const count = (kind: string, list: Piece[]) => list.filter((p) => p.item.kind === kind).length;
    span.setAttributes({
      ...(found ? searchAttributes(found, 'memory.context.search') : {}),
      'memory.context.budget_tokens': budget,
      'memory.context.used_tokens': exact,
      'memory.context.blocks': count('block', included),
      'memory.context.messages': count('message', included),
      'memory.context.memories': count('memory', included),
      'memory.context.cut': cut.length,
    });

    return {
      budgetTokens: budget,
      usedTokens: exact,
      tokenizer: TOKENIZER_NAME,
      text,
      included: [...included].sort((a, b) => a.order - b.order).map((p) => p.item),
      cut: cut.map((p) => ({ ...p.item, reason: 'budget' as const })),
      search: found ? { mode: found.mode, engine: found.engine } : null,
    };
  }

  private join(pieces: Piece[]): string {
    return [...pieces]
      .sort((a, b) => a.order - b.order)
      .map((p) => p.text)
      .join('');
  }

  private blockPiece(b: CoreBlock, order: number): Piece {
    const text = render(`block:${b.label}`, b.value);
    return { text, order, item: { kind: 'block', label: b.label, tokens: countTokens(text) } };
  }

  private messagePiece(m: Memory, order: number): Piece {
    const text = render(m.role ?? 'message', m.content);
    return { text, order, item: { kind: 'message', id: m.id, role: m.role, tokens: countTokens(text) } };
  }

  private hitPiece(m: Memory, score: number, order: number): Piece {
    const text = render(`memory:${m.type}`, m.content);
    return { text, order, item: { kind: 'memory', id: m.id, type: m.type, score, tokens: countTokens(text) } };
  }
}
