import { END, Send, START, StateGraph } from '@langchain/langgraph';
import type { TaskNodeOutput } from '../graph/executors/task.executor';
import { DynamicGraphBuilder, retryPolicy } from '../graph/graph-types';
import { retryOn } from '../graph/node-failure';
import { WorkflowState, WorkflowStateValue } from '../graph/state';
import { exampleCandles, INSTRUMENT_PROPERTIES } from './examples';
import type { WorkflowTemplate } from './template.types';

interface ScanItem {
  index: number;
  /** How many symbols the scan has (absent in runs checkpointed before progress events). */
  total?: number;
  symbol: string;
  assetClass?: string;
  candles: unknown[];
}

interface SignalResult {
  action: 'buy' | 'sell' | 'hold';
  score: number;
  confidence: number;
  entry: number;
}

export interface RankedSymbol {
  rank: number;
  symbol: string;
  action: 'buy' | 'sell' | 'hold';
  score: number;
  confidence: number;
  entry: number;
  taskId: string;
}

/** Strongest buy first: by signal score (−4…4), then by confidence, then by symbol for a stable order. */
export function rankSignals(items: Omit<RankedSymbol, 'rank'>[]): RankedSymbol[] {
  return [...items]
    .sort((a, b) => b.score - a.score || b.confidence - a.confidence || a.symbol.localeCompare(b.symbol))
    .map((item, i) => ({ rank: i + 1, ...item }));
}

const scanKey = (index: number) => `scan[${index}]`;

export const MARKET_SCAN: WorkflowTemplate = {
  name: 'market-scan',
  version: 1,
  description:
    'Fan out over a list of symbols (one LangGraph Send per symbol, all in parallel), compute each trading_signal ' +
    'through Handit, then rank them: strongest buy first by signal score, then confidence.',
  steps: [['scan[0]', 'scan[1]', '…'], ['rank']],
  inputSchema: {
    type: 'object',
    required: ['symbols'],
    additionalProperties: false,
    properties: {
      symbols: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: {
          type: 'object',
          required: ['symbol', 'candles'],
          additionalProperties: false,
          properties: INSTRUMENT_PROPERTIES,
        },
      },
      top: { type: 'integer', minimum: 1, maximum: 50, description: 'How many ranked symbols to return (default all)' },
    },
  },
  example: {
    symbols: [
      { symbol: 'AAPL', assetClass: 'equities', candles: exampleCandles(60, 180, 0.004) },
      { symbol: 'MSFT', assetClass: 'equities', candles: exampleCandles(60, 410, -0.004) },
      { symbol: 'NVDA', assetClass: 'equities', candles: exampleCandles(60, 120, 0.001) },
    ],
    top: 3,
  },
  output:
    '{ ranked: [{ rank, symbol, action, score, confidence, entry, taskId }], buys: [symbol], sells: [symbol], ' +
    'scanned }',

  build(x, checkpointer) {
    const g = new StateGraph(WorkflowState) as unknown as DynamicGraphBuilder;
    g.addNode(
      'scan',
      x.runtime.wrap<ScanItem & { visits?: Record<string, number> }>(
        { id: 'scan', kind: 'task', keyOf: (item) => scanKey(item.index) },
        async (item, ctx) => {
          const output = await x.tasks.run(ctx, {
            type: 'trading_signal',
            input: { symbol: item.symbol, assetClass: item.assetClass, candles: item.candles },
          });
          // One progress event per symbol scanned; the symbols run in parallel, so they arrive in any order.
          ctx.emitCustom({
            kind: 'progress',
            symbol: item.symbol,
            index: item.index,
            total: item.total ?? null,
            taskId: output.taskId,
            fraction: 1,
            message: `scanned ${item.symbol}: ${(output.result as SignalResult).action}`,
          });
          return output;
        },
      ),
      { retryPolicy: retryPolicy({ maxAttempts: 3, initialIntervalMs: 200 }, retryOn()) },
    );
    g.addNode(
      'rank',
      x.runtime.wrap<WorkflowStateValue>({ id: 'rank', kind: 'transform' }, (s) => {
        const symbols = (s.input as { symbols: ScanItem[]; top?: number }).symbols;
        const ranked = rankSignals(
          symbols.map((item, i) => {
            const out = s.outputs[scanKey(i)] as TaskNodeOutput;
            const r = out.result as SignalResult;
            return {
              symbol: item.symbol,
              action: r.action,
              score: r.score,
              confidence: r.confidence,
              entry: r.entry,
              taskId: out.taskId,
            };
          }),
        ).slice(0, (s.input as { top?: number }).top ?? symbols.length);
        return {
          ranked,
          buys: ranked.filter((r) => r.action === 'buy').map((r) => r.symbol),
          sells: ranked.filter((r) => r.action === 'sell').map((r) => r.symbol),
          scanned: symbols.length,
        };
      }),
    );
    // One Send per symbol: LangGraph runs them as parallel tasks of one step, then `rank` once.
    g.addConditionalEdges(
      START,
      (s) =>
        (s.input as { symbols: Omit<ScanItem, 'index'>[] }).symbols.map(
          (item, index, all) => new Send('scan', { ...item, index, total: all.length }),
        ),
      ['scan'],
    );
    g.addEdge('scan', 'rank');
    g.addEdge('rank', END);
    return g.compile({ checkpointer, name: 'market-scan' });
  },

  result(state) {
    return state.outputs?.rank ?? null;
  },
};
