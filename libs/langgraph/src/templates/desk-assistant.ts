import { AIMessage } from '@langchain/core/messages';
import {
  Annotation,
  END,
  getStore,
  getWriter,
  interrupt,
  MessagesAnnotation,
  START,
  StateGraph,
  type LangGraphRunnableConfig,
} from '@langchain/langgraph';
import type { CompiledWorkflowGraph } from '../graph/graph-types';
import type { WorkflowTemplate } from './template.types';

interface Trade {
  symbol: string;
  quantity: number;
}

/**
 * A graph written the way LangGraph's own docs write one (Annotation state with the messages
 * channel, plain async node functions, `interrupt()` for the human, `getStore()` for memory shared
 * across threads, `getWriter()` for custom progress): propose a trade against the desk's positions
 * kept in the store, ask a human, then book it into the store so every other thread sees it.
 */
export const DeskState = Annotation.Root({
  ...MessagesAnnotation.spec,
  desk: Annotation<string>,
  symbol: Annotation<string>,
  quantity: Annotation<number>,
  /** Time the proposal takes (ms, at most 30 s), as a real pricing call would; 0 by default. */
  thinkMs: Annotation<number | undefined>,
  positions: Annotation<Record<string, number>>,
  approved: Annotation<boolean | null>,
  /** Every trade booked on this thread, across runs. */
  trades: Annotation<Trade[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
});
type DeskStateValue = typeof DeskState.State;

const positionsOf = async (desk: string) =>
  ((await getStore()?.get(['portfolio', desk], 'positions'))?.value ?? {}) as Record<string, number>;

async function propose(state: DeskStateValue, config: LangGraphRunnableConfig) {
  const writer = getWriter();
  writer?.({ step: 'propose', progress: 0, message: `reading the ${state.desk} desk's positions` });
  const positions = await positionsOf(state.desk);
  await pause(Math.min(Math.max(0, state.thinkMs ?? 0), 30_000), config.signal);
  writer?.({ step: 'propose', progress: 1, message: 'proposal ready' });
  const held = positions[state.symbol] ?? 0;
  return {
    positions,
    approved: null,
    messages: [new AIMessage(`Proposal: trade ${state.quantity} ${state.symbol} (held now: ${held}).`)],
  };
}

function approve(state: DeskStateValue) {
  const answer = interrupt({
    question: `Book ${state.quantity} ${state.symbol} on the ${state.desk} desk?`,
    symbol: state.symbol,
    quantity: state.quantity,
    positions: state.positions,
  }) as unknown;
  const approved =
    answer === true || (typeof answer === 'object' && (answer as { approved?: unknown })?.approved === true);
  return { approved };
}

async function book(state: DeskStateValue) {
  if (!state.approved) return { messages: [new AIMessage(`Not booked: ${state.symbol} rejected.`)] };
  // Re-read: another thread may have booked on this desk while this one waited for its human.
  const positions = await positionsOf(state.desk);
  positions[state.symbol] = (positions[state.symbol] ?? 0) + state.quantity;
  await getStore()?.put(['portfolio', state.desk], 'positions', positions);
  return {
    positions,
    trades: [{ symbol: state.symbol, quantity: state.quantity }],
    messages: [new AIMessage(`Booked ${state.quantity} ${state.symbol}; now ${positions[state.symbol]}.`)],
  };
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (!ms) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    });
  });
}

export const DESK_ASSISTANT: WorkflowTemplate = {
  name: 'desk-assistant',
  version: 1,
  description:
    'A LangGraph JS graph in the style of LangGraph’s docs: propose a trade against the desk’s positions held in the ' +
    'long-term store (shared by every thread of the tenant), interrupt() for a human’s yes or no, then book it into ' +
    'the store. Its input is its state: { desk, symbol, quantity, thinkMs? }.',
  steps: [['propose'], ['approve'], ['book']],
  stateInput: true,
  inputSchema: {
    type: 'object',
    required: ['desk', 'symbol', 'quantity'],
    additionalProperties: false,
    properties: {
      desk: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^.]+$' },
      symbol: { type: 'string', minLength: 1, maxLength: 32 },
      quantity: { type: 'number' },
      thinkMs: { type: 'integer', minimum: 0, maximum: 30000 },
      messages: { type: 'array', maxItems: 100 },
    },
  },
  example: { desk: 'fx', symbol: 'EURUSD', quantity: 100000 },
  output: '{ positions, trades, approved }: the desk’s positions after this run and the trades this thread booked',
  build(_deps, checkpointer) {
    return new StateGraph(DeskState)
      .addNode('propose', propose)
      .addNode('approve', approve)
      .addNode('book', book)
      .addEdge(START, 'propose')
      .addEdge('propose', 'approve')
      .addEdge('approve', 'book')
      .addEdge('book', END)
      .compile({ checkpointer, name: 'desk-assistant' }) as unknown as CompiledWorkflowGraph;
  },
  result(state) {
    const s = state as unknown as Partial<DeskStateValue>;
    return { positions: s.positions ?? {}, trades: s.trades ?? [], approved: s.approved ?? null };
  },
};
