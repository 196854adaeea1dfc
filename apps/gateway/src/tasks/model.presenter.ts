import type { HanditSettings } from '@app/infrastructure';
import {
  MODEL_PROVIDERS,
  MODEL_STATUSES,
  PRIORITIES,
  TASK_TYPE_CATALOG,
  assetClassTradingHours,
  quant,
  type ModelDescriptor,
} from '@app/handit';
import { MAX_TASK_ATTEMPTS } from './dto/create-task.dto';

/** The API's view of a specialist model: identity, what it serves, its status and domain parameters. */
export function presentModel(model: ModelDescriptor) {
  return {
    id: model.id,
    name: model.name,
    version: model.version,
    provider: model.provider,
    description: model.description,
    assetClasses: model.assetClasses,
    taskTypes: model.taskTypes,
    status: model.status,
    ...(model.statusReason !== undefined ? { statusReason: model.statusReason } : {}),
    parameters: model.parameters,
  };
}

export const MODEL_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: 'forex-technical' },
    name: { type: 'string', example: 'Forex technical analyst' },
    version: { type: 'string', example: '1.0.0' },
    provider: { type: 'string', enum: [...MODEL_PROVIDERS] },
    description: {
      type: 'string',
      example: 'Indicators, signals and risk for currency pairs: 260 trading days a year, pip = 0.0001, 24/5 sessions.',
    },
    assetClasses: { type: 'array', items: { type: 'string' }, example: ['forex'] },
    taskTypes: {
      type: 'array',
      items: { type: 'string' },
      example: ['technical_analysis', 'trading_signal', 'risk_assessment'],
    },
    status: { type: 'string', enum: [...MODEL_STATUSES] },
    statusReason: { type: 'string', example: 'LLM_BASE_URL and LLM_MODEL are not configured' },
    parameters: {
      type: 'object',
      additionalProperties: true,
      example: { periodsPerYear: 260, tickSize: 0.0001, tickName: 'pip', maxLeverage: 30 },
    },
  },
};

/**
 * What the service can do: task types with their schemas and the models serving each, asset classes
 * with their profiles and hours, priorities, indicators and the request limits.
 */
export function presentCapabilities(
  models: ModelDescriptor[],
  settings: Pick<HanditSettings, 'maxCandles' | 'maxQueueDepth' | 'maxTimeoutMs' | 'maxWaitMs'>,
  service: { bodyLimit: string },
) {
  return {
    taskTypes: TASK_TYPE_CATALOG.map((t) => ({
      ...t,
      models: models
        .filter((m) => m.taskTypes.includes(t.type))
        .map((m) => ({ id: m.id, status: m.status, assetClasses: m.assetClasses })),
    })),
    assetClasses: quant.ASSET_CLASSES.map((a) => ({
      id: a,
      ...quant.ASSET_CLASS_PROFILES[a],
      tradingHours: assetClassTradingHours(a),
    })),
    priorities: PRIORITIES,
    indicators: quant.INDICATOR_NAMES,
    limits: {
      maxCandles: settings.maxCandles,
      maxQueueDepth: settings.maxQueueDepth,
      maxTimeoutMs: settings.maxTimeoutMs,
      maxAttempts: MAX_TASK_ATTEMPTS,
      maxWaitMs: settings.maxWaitMs,
      bodyLimit: service.bodyLimit,
    },
  };
}

/** Open: task types carry their JSON input schemas and examples, which vary by type. */
export const CAPABILITIES_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description: 'Each task type with its input schema and a runnable example input, asset classes, priorities, limits',
  example: {
    taskTypes: [
      {
        type: 'options_pricing',
        description: 'Black-Scholes-Merton prices and greeks for calls and puts with dividend yield',
        models: [{ id: 'options-pricer', status: 'available', assetClasses: ['options'] }],
      },
    ],
    priorities: ['critical', 'high', 'normal', 'low', 'background'],
    limits: { maxCandles: 50000, maxTimeoutMs: 600000, maxAttempts: MAX_TASK_ATTEMPTS, bodyLimit: '5mb' },
  },
};
