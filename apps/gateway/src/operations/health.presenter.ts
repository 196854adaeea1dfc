/**
 * The probes answer with Terminus's own result (`HealthCheckService.check`), unchanged: this is its
 * documented shape.
 */
export const HEALTH_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object', additionalProperties: true, example: { database: { status: 'up', dialect: 'sqlite' } } },
    error: { type: 'object', additionalProperties: true, example: {} },
    details: {
      type: 'object',
      additionalProperties: true,
      example: { database: { status: 'up' }, memory_heap: { status: 'up' } },
    },
  },
};
