import { TASK_TYPE_CATALOG } from '@app/handit';
import { WORKFLOW_TEMPLATES } from '@app/langgraph';

/** Request bodies of POST /orchestration/execute (Swagger's picker; "Try it out" sends the first). */

const example = (type: string) => TASK_TYPE_CATALOG.find((entry) => entry.type === type)!.example;
const TRADING = WORKFLOW_TEMPLATES.find((t) => t.name === 'trading-analysis')!;

export const EXECUTE_EXAMPLES = {
  workflow: {
    summary: 'The workflow form: run the trading-analysis template',
    value: { workflow: 'trading-analysis', input: TRADING.example },
  },
  task: {
    summary: 'One task, waited for: Hull’s Example 15.6 (call 4.76, put 0.81)',
    value: { operation: 'task', type: 'options_pricing', input: example('options_pricing'), mode: 'sync' },
  },
  'memory-search': {
    summary: 'A memory search, answered at once',
    value: { operation: 'memory.search', agentId: 'fx-trader-1', q: 'EUR/USD scalping', limit: 5 },
  },
  'batch-vote': {
    summary: 'Two technical models vote on a trading signal (the action that most parts give wins)',
    value: {
      mode: 'parallel',
      aggregate: 'vote',
      operations: [
        { operation: 'task', type: 'trading_signal', model: 'equities-technical', input: example('trading_signal') },
        { operation: 'task', type: 'trading_signal', model: 'etf-specialist', input: example('trading_signal') },
      ],
    },
  },
  'batch-first': {
    summary: 'Sequential fallback: the first part to succeed answers, later parts are skipped',
    value: {
      mode: 'sequential',
      aggregate: 'first',
      operations: [
        { operation: 'memory.search', agentId: 'fx-trader-1', q: 'EUR/USD' },
        { operation: 'memory.context', agentId: 'fx-trader-1', budgetTokens: 500 },
      ],
    },
  },
  coordination: {
    summary: 'A coordination run over every options_pricing agent',
    value: {
      operation: 'coordination',
      strategy: 'parallel',
      capability: 'options_pricing',
      task: 'options_pricing',
      input: example('options_pricing'),
      mode: 'sync',
    },
  },
};
