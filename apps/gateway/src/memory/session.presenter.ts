import { SESSION_STATUSES, type ExportedSession, type Memory, type Session } from '@app/letta';
import { MEMORY_SCHEMA, NULLABLE_TIMESTAMP_SCHEMA, presentMemory, TIMESTAMP_SCHEMA } from './memory.presenter';

/** The API's view of a conversation session. */
export function presentSession(session: Session) {
  const { id, ...fields } = presentExportedSession(session);
  return { id, agentId: session.agentId, ...fields };
}

/** A session without its agent, as an export document holds it (the document names the agent once). */
export function presentExportedSession(session: ExportedSession) {
  return {
    id: session.id,
    title: session.title,
    metadata: session.metadata,
    status: session.status,
    messageCount: session.messageCount,
    summaryMemoryId: session.summaryMemoryId,
    createdAt: session.createdAt.toISOString(),
    endedAt: session.endedAt?.toISOString() ?? null,
  };
}

export const SESSION_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3E' },
    agentId: { type: 'string', example: 'fx-trader-1' },
    title: { type: 'string', nullable: true, example: 'London open review' },
    metadata: { type: 'object', additionalProperties: true, example: {} },
    status: { type: 'string', enum: [...SESSION_STATUSES], example: 'active' },
    messageCount: { type: 'integer', example: 2 },
    summaryMemoryId: { type: 'string', nullable: true, example: null },
    createdAt: TIMESTAMP_SCHEMA,
    endedAt: NULLABLE_TIMESTAMP_SCHEMA,
  },
};

/** An ended session with the summary memory stored when it ended (null without one). */
export function presentEndedSession(ended: Session & { summary: Memory | null }) {
  return { ...presentSession(ended), summary: ended.summary ? presentMemory(ended.summary) : null };
}

export const ENDED_SESSION_SCHEMA = {
  ...SESSION_SCHEMA,
  properties: { ...SESSION_SCHEMA.properties, summary: { ...MEMORY_SCHEMA, nullable: true } },
};
