import Ajv, { type ValidateFunction } from 'ajv';
import type { TaskType } from '../tasks/task.types';

const num = { type: 'number' };
const nullableNum = { type: ['number', 'null'] };
const obj = { type: 'object' };
const arr = { type: 'array' };

/**
 * What a result of each task type must look like: the fields clients read (see each type's
 * `result` in /capabilities), with their types. An external model's answer is checked against it
 * before it becomes a task's result, so a client never gets a result of the wrong shape.
 */
export const RESULT_SCHEMAS: Readonly<Record<TaskType, Record<string, unknown>>> = {
  technical_analysis: {
    type: 'object',
    required: ['indicators'],
    properties: {
      indicators: {
        type: 'array',
        items: { type: 'object', required: ['name', 'series'], properties: { name: { type: 'string' }, series: obj } },
      },
    },
  },
  trading_signal: {
    type: 'object',
    required: ['action', 'confidence', 'score', 'reasons', 'entry'],
    properties: {
      action: { type: 'string', enum: ['buy', 'sell', 'hold'] },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      score: num,
      reasons: {
        type: 'array',
        items: { type: 'object', required: ['indicator', 'vote'], properties: { vote: { enum: [-1, 0, 1] } } },
      },
      entry: num,
      atr: num,
      stopLoss: nullableNum,
      takeProfit: nullableNum,
      riskReward: nullableNum,
    },
  },
  risk_assessment: {
    type: 'object',
    required: ['volatility', 'var', 'maxDrawdown'],
    properties: { volatility: num, annualizedVolatility: num, var: arr, maxDrawdown: num, sharpe: nullableNum },
  },
  financial_analysis: { type: 'object', required: ['periods'], properties: { periods: arr, growth: obj } },
  options_pricing: {
    type: 'object',
    required: ['call', 'put'],
    properties: {
      call: { type: 'object', required: ['price'], properties: { price: num, delta: num } },
      put: { type: 'object', required: ['price'], properties: { price: num, delta: num } },
    },
  },
  bond_analysis: {
    type: 'object',
    required: ['price', 'yield', 'modifiedDuration'],
    properties: { price: num, yield: num, modifiedDuration: num, macaulayDuration: num, convexity: num },
  },
  portfolio_risk: {
    type: 'object',
    required: ['volatility', 'assets'],
    properties: { volatility: num, annualizedVolatility: num, assets: arr },
  },
  sentiment_analysis: { type: 'object', required: ['items', 'aggregate'], properties: { items: arr, aggregate: obj } },
  market_commentary: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<TaskType, ValidateFunction>();

/** Problems of `result` against its type's schema, as `result.<path>: <message>` (empty when it fits). */
export function resultProblems(type: TaskType, result: unknown): string[] {
  let validate = compiled.get(type);
  if (!validate) {
    validate = ajv.compile(RESULT_SCHEMAS[type]);
    compiled.set(type, validate);
  }
  if (validate(result)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => {
    const path = `result${e.instancePath.replace(/\//g, '.')}`;
    const missing = e.keyword === 'required' ? `.${(e.params as { missingProperty: string }).missingProperty}` : '';
    return `${path}${missing}: ${e.keyword === 'required' ? 'is required' : e.message}`;
  });
}
