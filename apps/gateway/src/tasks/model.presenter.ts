import { MODEL_PROVIDERS, MODEL_STATUSES, type ModelDescriptor } from '@app/handit';

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
    description: { type: 'string' },
    assetClasses: { type: 'array', items: { type: 'string' }, example: ['forex'] },
    taskTypes: {
      type: 'array',
      items: { type: 'string' },
      example: ['technical_analysis', 'trading_signal', 'risk_assessment'],
    },
    status: { type: 'string', enum: [...MODEL_STATUSES] },
    statusReason: { type: 'string' },
    parameters: {
      type: 'object',
      additionalProperties: true,
      example: { periodsPerYear: 260, tickSize: 0.0001, tickName: 'pip', maxLeverage: 30 },
    },
  },
};
