import { START, StateGraph } from '@langchain/langgraph';
import { askApproval, ApprovalOutcome, endAfterApproval } from '../graph/executors/approval';
import type { TaskNodeOutput } from '../graph/executors/task.executor';
import { DynamicGraphBuilder, retryPolicy } from '../graph/graph-types';
import { retryOn } from '../graph/node-failure';
import { WorkflowState, WorkflowStateValue } from '../graph/state';
import { proposeTrades, ProposedTrade, rebalanceExposure, targetWeights } from './rebalance';
import type { WorkflowTemplate } from './template.types';

interface RebalanceInput {
  assets: { symbol: string; quantity: number; price: number; returns?: number[]; prices?: number[] }[];
  method?: 'inverse-volatility' | 'equal-weight';
  minTradeValue?: number;
  periodsPerYear?: number;
  desk?: string;
  riskGate?: { onBreach?: 'fail' | 'interrupt'; expiresAfterMs?: number; priceBand?: number };
}

const returnsExample = (seed: number, scale: number) =>
  Array.from({ length: 30 }, (_, i) => Math.round(scale * Math.sin(i * 1.7 + seed) * 1e5) / 1e5);

export const PORTFOLIO_REBALANCE: WorkflowTemplate = {
  name: 'portfolio-rebalance',
  version: 1,
  description:
    'Portfolio risk (portfolio_risk through Handit) → target weights (inverse volatility, or equal weight) → ' +
    'proposed trades → risk gate (the tenant’s and the desk’s limits on notional, positions, VaR, drawdown and ' +
    'concentration after the trades: a breach fails the run, or with riskGate.onBreach interrupt asks for ' +
    'approval) → human approval when turnover exceeds WORKFLOW_APPROVAL_NOTIONAL → approved trades, or none ' +
    'when rejected.',
  steps: [['risk'], ['targets'], ['trades'], ['gate'], ['approval'], ['execute', 'rejected']],
  inputSchema: {
    type: 'object',
    required: ['assets'],
    additionalProperties: false,
    properties: {
      assets: {
        type: 'array',
        minItems: 2,
        maxItems: 200,
        items: {
          type: 'object',
          required: ['symbol', 'quantity', 'price'],
          additionalProperties: false,
          description: 'A holding with its return history: simple returns or prices, oldest first',
          properties: {
            symbol: { type: 'string', minLength: 1, maxLength: 64 },
            quantity: { type: 'number', minimum: 0 },
            price: { type: 'number', exclusiveMinimum: 0 },
            returns: { type: 'array', minItems: 2, items: { type: 'number' } },
            prices: { type: 'array', minItems: 3, items: { type: 'number', exclusiveMinimum: 0 } },
          },
        },
      },
      method: { type: 'string', enum: ['inverse-volatility', 'equal-weight'], default: 'inverse-volatility' },
      minTradeValue: {
        type: 'number',
        minimum: 0,
        default: 0,
        description: 'Leave holdings alone when the trade would be smaller than this',
      },
      periodsPerYear: {
        type: 'number',
        exclusiveMinimum: 0,
        description: 'Of the return series (default per asset class: 252)',
      },
      desk: {
        type: 'string',
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$',
        description: 'Whose limits apply besides the tenant’s',
      },
      riskGate: {
        type: 'object',
        additionalProperties: false,
        description: 'What a breached limit does: fail the run (default), or interrupt it for an approval that lapses',
        properties: {
          onBreach: { type: 'string', enum: ['fail', 'interrupt'], default: 'fail' },
          expiresAfterMs: {
            type: 'integer',
            minimum: 1000,
            maximum: 604800000,
            description: 'Default WORKFLOW_RISK_APPROVAL_TTL_MS',
          },
          priceBand: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            description: 'Default WORKFLOW_RISK_PRICE_BAND; 0 = no band',
          },
        },
      },
    },
  },
  example: {
    assets: [
      { symbol: 'SPY', quantity: 1000, price: 500, returns: returnsExample(1, 0.01) },
      { symbol: 'TLT', quantity: 2000, price: 90, returns: returnsExample(2, 0.006) },
      { symbol: 'GLD', quantity: 300, price: 210, returns: returnsExample(3, 0.008) },
    ],
    method: 'inverse-volatility',
    minTradeValue: 1000,
  },
  output:
    '{ status: approved|rejected, method, totalValue, targetWeights, ' +
    'trades: [{ symbol, side, quantity, notional, fromWeight, toWeight }], turnover, gate, approval, riskTaskId }',

  build(x, checkpointer) {
    const g = new StateGraph(WorkflowState) as unknown as DynamicGraphBuilder;
    const input = (s: WorkflowStateValue) => s.input as unknown as RebalanceInput;
    g.addNode(
      'risk',
      x.runtime.wrap<WorkflowStateValue>({ id: 'risk', kind: 'task' }, (s, ctx) => {
        const i = input(s);
        const assets = i.assets.map((a) => ({
          symbol: a.symbol,
          value: a.quantity * a.price,
          ...(a.returns ? { returns: a.returns } : { prices: a.prices }),
        }));
        return x.tasks.run(ctx, {
          type: 'portfolio_risk',
          input: {
            assets,
            confidenceLevels: [0.95],
            ...(i.periodsPerYear ? { periodsPerYear: i.periodsPerYear } : {}),
          },
        });
      }),
      { retryPolicy: retryPolicy({ maxAttempts: 3, initialIntervalMs: 200 }, retryOn()) },
    );
    g.addNode(
      'targets',
      x.runtime.wrap<WorkflowStateValue>({ id: 'targets', kind: 'transform' }, (s) => {
        const risk = (s.outputs.risk as TaskNodeOutput).result as {
          assets: { symbol: string; annualizedVolatility: number; weight: number }[];
          annualizedVolatility: number;
        };
        const method = input(s).method ?? 'inverse-volatility';
        const volatilities = Object.fromEntries(risk.assets.map((a) => [a.symbol, a.annualizedVolatility]));
        return {
          method,
          volatilities,
          current: Object.fromEntries(risk.assets.map((a) => [a.symbol, a.weight])),
          weights: targetWeights(method, volatilities),
          portfolioVolatility: risk.annualizedVolatility,
        };
      }),
    );
    g.addNode(
      'trades',
      x.runtime.wrap<WorkflowStateValue>({ id: 'trades', kind: 'transform' }, (s) => {
        const targets = s.outputs.targets as { weights: Record<string, number> };
        return proposeTrades(input(s).assets, targets.weights, input(s).minTradeValue ?? 0);
      }),
    );
    g.addNode(
      'gate',
      x.runtime.wrap<WorkflowStateValue>({ id: 'gate', kind: 'risk_gate' }, (s, ctx) => {
        const i = input(s);
        const proposal = s.outputs.trades as { trades: ProposedTrade[]; turnover: number };
        const { expiresAfterMs, priceBand } = i.riskGate ?? {};
        return x.gates.evaluate(ctx, {
          desk: i.desk ?? null,
          exposure: rebalanceExposure(i.assets, proposal),
          onBreach: i.riskGate?.onBreach ?? 'fail',
          approval: { expiresAfterMs, priceBand },
        });
      }),
    );
    g.addNode(
      'approval',
      x.runtime.wrap<WorkflowStateValue>({ id: 'approval', kind: 'approval' }, (s) => {
        const proposal = s.outputs.trades as { trades: ProposedTrade[]; turnover: number; totalValue: number };
        const required = proposal.turnover > x.approvalNotional;
        const question =
          `Approve ${proposal.trades.length} rebalancing trades with turnover ${proposal.turnover.toFixed(2)} ` +
          `(above the ${x.approvalNotional} limit) on a portfolio of ${proposal.totalValue.toFixed(2)}?`;
        return askApproval(
          required,
          question,
          { trades: proposal.trades, turnover: proposal.turnover, threshold: x.approvalNotional },
          `turnover ${proposal.turnover.toFixed(2)} within the ${x.approvalNotional} limit`,
        );
      }),
    );
    const finish = (status: 'approved' | 'rejected') => (s: WorkflowStateValue) => {
      const proposal = s.outputs.trades as { trades: ProposedTrade[]; turnover: number; totalValue: number };
      const targets = s.outputs.targets as { method: string; weights: Record<string, number> };
      return {
        status,
        method: targets.method,
        totalValue: proposal.totalValue,
        targetWeights: targets.weights,
        trades: status === 'approved' ? proposal.trades : [],
        proposedTrades: proposal.trades,
        turnover: status === 'approved' ? proposal.turnover : 0,
        gate: s.outputs.gate,
        approval: s.outputs.approval as ApprovalOutcome,
        riskTaskId: (s.outputs.risk as TaskNodeOutput).taskId,
      };
    };
    g.addNode('execute', x.runtime.wrap<WorkflowStateValue>({ id: 'execute', kind: 'transform' }, finish('approved')));
    g.addNode(
      'rejected',
      x.runtime.wrap<WorkflowStateValue>({ id: 'rejected', kind: 'transform' }, finish('rejected')),
    );
    g.addEdge(START, 'risk');
    g.addEdge('risk', 'targets');
    g.addEdge('targets', 'trades');
    g.addEdge('trades', 'gate');
    g.addEdge('gate', 'approval');
    endAfterApproval(g, 'execute');
    return g.compile({ checkpointer, name: 'portfolio-rebalance' });
  },

  result(state) {
    return state.outputs?.execute ?? state.outputs?.rejected ?? null;
  },
};
