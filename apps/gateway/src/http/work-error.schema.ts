/**
 * How a failed piece of work (a task, a run, a node, a message, a coordination step) reports its
 * failure inside a resource: a code from the closed set or the work's own, a message, and any
 * facts the code defines (e.g. NUMERIC_OVERFLOW's outputs, RISK_LIMIT_BREACHED's limits).
 */
export function workErrorSchema(extra: Record<string, object> = {}) {
  return {
    type: 'object',
    nullable: true,
    properties: {
      code: { type: 'string', example: 'TIMEOUT' },
      message: { type: 'string', example: 'Task exceeded its 10000 ms timeout' },
      details: { description: 'Facts the code defines; any JSON', example: { timeoutMs: 10000 } },
      ...extra,
    },
  };
}
