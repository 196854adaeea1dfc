import { REMOVAL_REASONS, type RemovalEntry, type SweepReport } from '@app/letta';
import { TIMESTAMP_SCHEMA } from './memory.presenter';

// The sweep runs for the caller's own tenant, so each entry leaves the tenant out.
function presentRemoval(entry: RemovalEntry) {
  return { agentId: entry.agentId, type: entry.type, reason: entry.reason, count: entry.count };
}

/** What one retention sweep removed, by reason and per agent and type. */
export function presentSweep(report: SweepReport) {
  return {
    startedAt: report.startedAt.toISOString(),
    finishedAt: report.finishedAt.toISOString(),
    total: report.total,
    byReason: Object.fromEntries(REMOVAL_REASONS.map((reason) => [reason, report.byReason[reason]])),
    removed: report.removed.map(presentRemoval),
    complete: report.complete,
  };
}

export const SWEEP_SCHEMA = {
  type: 'object',
  properties: {
    startedAt: TIMESTAMP_SCHEMA,
    finishedAt: TIMESTAMP_SCHEMA,
    total: { type: 'integer', example: 3 },
    byReason: { type: 'object', example: { expired: 1, 'max-age': 0, 'over-count': 2 } },
    removed: {
      type: 'array',
      items: { type: 'object' },
      example: [{ agentId: 'fx-trader-1', type: 'episodic', reason: 'over-count', count: 2 }],
    },
    complete: { type: 'boolean', example: true },
  },
};
