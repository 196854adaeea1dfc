import { START, StateGraph } from '@langchain/langgraph';
import { askApproval, ApprovalOutcome, endAfterApproval } from '../graph/executors/approval';
import type { TaskNodeOutput } from '../graph/executors/task.executor';
import { NodeFailure, retryOn } from '../graph/node-failure';
import type { NodeContext } from '../graph/node-runtime';
import { DynamicGraphBuilder, retryPolicy } from '../graph/graph-types';
import { WorkflowState, WorkflowStateValue } from '../graph/state';
import { exampleCandles, INSTRUMENT_PROPERTIES } from './examples';
import { aggregateSignal, AggregatedSignal, RiskResult, SentimentResult, TechnicalResult } from './signal-aggregation';
import type { WorkflowTemplate } from './template.types';

interface TradingInput {
  symbol: string;
  assetClass?: string;
  candles: { close: number }[];
  headlines?: string[];
  position?: { side: 'buy' | 'sell'; quantity: number };
  reportAgentId?: string;
}

// Quant tasks are deterministic: a retry helps only when the service was busy or interrupted.
const TASK_RETRY = retryPolicy({ maxAttempts: 3, initialIntervalMs: 200 }, retryOn());

export const TRADING_ANALYSIS: WorkflowTemplate = {
  name: 'trading-analysis',
  version: 1,
  description:
    'A whole trading analysis in one call: validate input → in parallel technical signal (trading_signal), risk ' +
    '(risk_assessment) and sentiment (sentiment_analysis, when headlines are given) → aggregate into one signal ' +
    'with confidence and reasons → when the position notional exceeds WORKFLOW_APPROVAL_NOTIONAL, pause for human ' +
    'approval → final report, stored in agent memory.',
  steps: [['validate'], ['technical', 'risk', 'sentiment'], ['aggregate'], ['approval'], ['report', 'rejected']],
  inputSchema: {
    type: 'object',
    required: ['symbol', 'candles'],
    additionalProperties: false,
    properties: {
      ...INSTRUMENT_PROPERTIES,
      candles: {
        ...INSTRUMENT_PROPERTIES.candles,
        description: 'OHLCV, oldest first; the signal rules need at least 50 (SMA 50 trend rule)',
      },
      headlines: { type: 'array', maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 10_000 } },
      position: {
        type: 'object',
        required: ['side', 'quantity'],
        additionalProperties: false,
        description:
          'The trade being considered; its notional (quantity × last close) decides whether a human must approve',
        properties: {
          side: { type: 'string', enum: ['buy', 'sell'] },
          quantity: { type: 'number', exclusiveMinimum: 0 },
        },
      },
      reportAgentId: {
        type: 'string',
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$',
        description: 'Agent whose memory receives the report (default trading-analyst)',
      },
    },
  },
  example: {
    symbol: 'AAPL',
    assetClass: 'equities',
    candles: exampleCandles(60),
    headlines: ['Apple beats earnings estimates and raises guidance', 'Regulator opens probe into App Store fees'],
    position: { side: 'buy', quantity: 500 },
  },
  output:
    '{ symbol, signal: { action, confidence, combinedScore, technicalScore, sentimentScore, riskFactor, entry, ' +
    'stopLoss, takeProfit, reasons }, notional, approval: { required, approved, comment?, by? }, decision: ' +
    'executed|rejected|no-position, taskIds, memoryId }',

  build(x, checkpointer) {
    const g = new StateGraph(WorkflowState) as unknown as DynamicGraphBuilder;
    const wrap = (id: string, kind: string, body: (s: WorkflowStateValue, ctx: NodeContext) => unknown) =>
      x.runtime.wrap<WorkflowStateValue>({ id, kind }, body);
    const input = (s: WorkflowStateValue) => s.input as unknown as TradingInput;
    const task = (s: WorkflowStateValue, id: string) => s.outputs[id] as TaskNodeOutput | undefined;

    g.addNode(
      'validate',
      wrap('validate', 'transform', (s) => {
        const i = input(s);
        const lastClose = i.candles[i.candles.length - 1].close;
        if (!(lastClose > 0))
          throw new NodeFailure('VALIDATION_FAILED', 'candles: the last close must be positive', false);
        const notional = i.position ? i.position.quantity * lastClose : 0;
        return {
          symbol: i.symbol,
          candles: i.candles.length,
          lastClose,
          notional,
          headlines: i.headlines?.length ?? 0,
          approvalThreshold: x.approvalNotional,
        };
      }),
    );
    g.addNode(
      'technical',
      wrap('technical', 'task', (s, ctx) =>
        x.tasks.run(ctx, {
          type: 'trading_signal',
          input: { symbol: input(s).symbol, assetClass: input(s).assetClass, candles: input(s).candles },
        }),
      ),
      { retryPolicy: TASK_RETRY },
    );
    g.addNode(
      'risk',
      wrap('risk', 'task', (s, ctx) =>
        x.tasks.run(ctx, {
          type: 'risk_assessment',
          input: { candles: input(s).candles, assetClass: input(s).assetClass, confidenceLevels: [0.95, 0.99] },
        }),
      ),
      { retryPolicy: TASK_RETRY },
    );
    g.addNode(
      'sentiment',
      wrap('sentiment', 'task', (s, ctx) =>
        x.tasks.run(ctx, { type: 'sentiment_analysis', input: { headlines: input(s).headlines } }),
      ),
      { retryPolicy: TASK_RETRY },
    );
    g.addNode(
      'aggregate',
      wrap('aggregate', 'transform', (s) => {
        const sentiment = task(s, 'sentiment');
        return aggregateSignal(
          task(s, 'technical')!.result as TechnicalResult,
          task(s, 'risk')!.result as RiskResult,
          sentiment ? (sentiment.result as SentimentResult) : null,
        );
      }),
    );
    g.addNode(
      'approval',
      wrap('approval', 'approval', (s) => {
        const i = input(s);
        const notional = (s.outputs.validate as { notional: number }).notional;
        const signal = s.outputs.aggregate as AggregatedSignal;
        if (!i.position) return askApproval(false, '', undefined, 'no position proposed');
        const required = notional > x.approvalNotional;
        const question =
          `Approve ${i.position.side.toUpperCase()} ${i.position.quantity} ${i.symbol} ` +
          `(notional ${notional.toFixed(2)}, above the ${x.approvalNotional} limit)? ` +
          `Signal: ${signal.action} at confidence ${signal.confidence}.`;
        return askApproval(
          required,
          question,
          { symbol: i.symbol, position: i.position, notional, threshold: x.approvalNotional, signal },
          `notional ${notional.toFixed(2)} within the ${x.approvalNotional} limit`,
        );
      }),
    );
    const report =
      (decision: 'executed' | 'rejected' | 'no-position') => async (s: WorkflowStateValue, ctx: NodeContext) => {
        const i = input(s);
        const signal = s.outputs.aggregate as AggregatedSignal;
        const approval = s.outputs.approval as ApprovalOutcome;
        const notional = (s.outputs.validate as { notional: number }).notional;
        const taskIds = Object.fromEntries(
          ['technical', 'risk', 'sentiment'].filter((k) => task(s, k)).map((k) => [k, task(s, k)!.taskId]),
        );
        const text =
          `Trading analysis ${i.symbol}: ${signal.action.toUpperCase()} ` +
          `(confidence ${signal.confidence}, combined score ${signal.combinedScore}). ` +
          (i.position
            ? `Position ${i.position.side} ${i.position.quantity} (notional ${notional.toFixed(2)}): ${decision}` +
              `${approval.comment ? ` (${approval.comment})` : ''}. `
            : 'No position proposed. ') +
          `Reasons: ${signal.reasons.join('; ')}`;
        const memory = await x.memory.write(ctx, {
          agentId: i.reportAgentId ?? 'trading-analyst',
          type: 'episodic',
          content: text,
          tags: ['trading-analysis'],
          importance: decision === 'executed' ? 0.7 : 0.5,
          metadata: { symbol: i.symbol, action: signal.action, decision },
        });
        return {
          symbol: i.symbol,
          signal,
          notional,
          approval,
          decision,
          taskIds,
          memoryId: memory.memoryId,
          report: text,
        };
      };
    g.addNode(
      'report',
      wrap('report', 'memory', (s, ctx) => report(input(s).position ? 'executed' : 'no-position')(s, ctx)),
    );
    g.addNode(
      'rejected',
      wrap('rejected', 'memory', (s, ctx) => report('rejected')(s, ctx)),
    );

    g.addEdge(START, 'validate');
    g.addConditionalEdges(
      'validate',
      (s) => (input(s).headlines?.length ? ['technical', 'risk', 'sentiment'] : ['technical', 'risk']),
      ['technical', 'risk', 'sentiment'],
    );
    for (const branch of ['technical', 'risk', 'sentiment']) g.addEdge(branch, 'aggregate');
    g.addEdge('aggregate', 'approval');
    endAfterApproval(g, 'report');
    return g.compile({ checkpointer, name: 'trading-analysis' });
  },

  result(state) {
    return state.outputs?.report ?? state.outputs?.rejected ?? null;
  },
};
