/** Request bodies of the memory routes (Swagger's example picker); "Try it out" sends the first. */

const PREFERENCE = {
  type: 'semantic',
  content: 'The user prefers EUR/USD scalping during the London session.',
  tags: ['fx', 'preferences'],
  importance: 0.8,
  metadata: { source: 'chat' },
};

export const CREATE_MEMORY_EXAMPLES = {
  preference: { summary: 'A fact the agent learnt about its user', value: PREFERENCE },
  'trade-outcome': {
    summary: 'An episode, forgotten after a year',
    value: {
      type: 'episodic',
      content: 'Bought 1,000 SPY at 501.20 on the approved signal; closed at 507.90 two days later.',
      tags: ['equities', 'trades'],
      importance: 0.6,
      expiresAt: '2027-12-01T00:00:00.000Z',
    },
  },
};

export const BULK_MEMORY_EXAMPLES = {
  'two-memories': {
    summary: 'A preference and a procedure in one request',
    value: {
      memories: [
        PREFERENCE,
        {
          type: 'procedural',
          content: 'Before any FX order, check the ECB and BoE calendars for announcements that day.',
          tags: ['fx', 'checklist'],
          importance: 0.7,
        },
      ],
    },
  },
};

export const UPDATE_MEMORY_EXAMPLES = {
  'widen-preference': {
    summary: 'New content and importance; other fields unchanged',
    value: { content: 'The user prefers EUR/USD and GBP/USD scalping.', tags: ['fx'], importance: 0.9 },
  },
};

const AT = '2026-11-25T12:00:00.000Z';

export const IMPORT_MEMORY_EXAMPLES = {
  merge: {
    summary: 'Merge a document from GET …/export (here with one memory)',
    value: {
      format: 'letta-agent-memory',
      version: 1,
      mode: 'merge',
      agentId: 'fx-trader-1',
      exportedAt: AT,
      blocks: [],
      sessions: [],
      memories: [
        {
          id: '01JD3Z8X6Q4W3N5R7T9V1B2C3F',
          ...PREFERENCE,
          createdAt: AT,
          updatedAt: AT,
          lastAccessedAt: AT,
          accessCount: 0,
        },
      ],
    },
  },
};
