/** Request examples Swagger UI fills in: each works as it is on a fresh service (openapi-examples runs them). */

const DESK_INPUT = { desk: 'fx', symbol: 'EURUSD', quantity: 100000 };

export const THREAD_CREATE_EXAMPLES = {
  thread: {
    summary: 'A thread for the desk assistant',
    value: { metadata: { desk: 'fx', graph_id: 'desk-assistant' } },
  },
};
export const THREAD_SEARCH_EXAMPLES = {
  byMetadata: { summary: 'Threads of the fx desk', value: { metadata: { desk: 'fx' }, limit: 10 } },
};
export const THREAD_COUNT_EXAMPLES = {
  byMetadata: { summary: 'Threads of the fx desk', value: { metadata: { desk: 'fx' } } },
};
export const UPDATE_STATE_EXAMPLES = {
  asNode: {
    summary: 'A smaller ticket, as if propose wrote it',
    value: { values: { quantity: 50000 }, as_node: 'propose' },
  },
};
export const HISTORY_EXAMPLES = { latest: { summary: 'The last ten checkpoints', value: { limit: 10 } } };
export const STATE_AT_EXAMPLES = {
  checkpoint: {
    summary: 'A checkpoint of the thread',
    value: { checkpoint: { checkpoint_id: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f' } },
  },
};
export const RUN_EXAMPLES = {
  start: {
    summary: 'Start the desk assistant (queued behind a run still going)',
    value: {
      assistant_id: 'desk-assistant',
      input: DESK_INPUT,
      stream_mode: ['values', 'updates'],
      multitask_strategy: 'enqueue',
    },
  },
  resume: {
    summary: 'Answer its interrupt with Command',
    value: { assistant_id: 'desk-assistant', command: { resume: { approved: true } }, multitask_strategy: 'enqueue' },
  },
};
export const STATELESS_RUN_EXAMPLES = {
  start: {
    summary: 'Run the desk assistant on a temporary thread',
    value: { assistant_id: 'desk-assistant', input: DESK_INPUT },
  },
};
export const ASSISTANT_CREATE_EXAMPLES = {
  desk: {
    summary: 'An FX desk configuration of desk-assistant',
    value: {
      graph_id: 'desk-assistant',
      name: 'FX desk assistant',
      config: { configurable: { desk_limit: 1000000 } },
      metadata: { team: 'fx' },
    },
  },
};
export const ASSISTANT_UPDATE_EXAMPLES = {
  rename: {
    summary: 'A new version with another name',
    value: { name: 'FX desk assistant v2', metadata: { stage: 'beta' } },
  },
};
export const ASSISTANT_SEARCH_EXAMPLES = {
  byGraph: { summary: 'Assistants of desk-assistant', value: { graph_id: 'desk-assistant', limit: 10 } },
};
export const ASSISTANT_COUNT_EXAMPLES = {
  byGraph: { summary: 'Assistants of desk-assistant', value: { graph_id: 'desk-assistant' } },
};
export const VERSIONS_EXAMPLES = { all: { summary: 'The ten newest versions', value: { limit: 10 } } };
export const SET_LATEST_EXAMPLES = { first: { summary: 'Back to version 1', value: { version: 1 } } };
export const STORE_PUT_EXAMPLES = {
  positions: {
    summary: 'The fx desk’s positions',
    value: { namespace: ['portfolio', 'fx'], key: 'positions', value: { EURUSD: 100000 } },
  },
};
export const STORE_DELETE_EXAMPLES = {
  positions: { summary: 'Drop an item', value: { namespace: ['portfolio', 'fx'], key: 'old-positions' } },
};
export const STORE_SEARCH_EXAMPLES = {
  prefix: {
    summary: 'Items under portfolio holding EURUSD',
    value: { namespace_prefix: ['portfolio'], filter: { EURUSD: { $gt: 0 } }, limit: 10 },
  },
};
export const NAMESPACES_EXAMPLES = {
  prefix: { summary: 'Namespaces under portfolio', value: { prefix: ['portfolio'], limit: 100 } },
};
export const CRON_CREATE_EXAMPLES = {
  weekdays: {
    summary: 'Propose the EURUSD ticket at 08:00 London on weekdays',
    value: { assistant_id: 'desk-assistant', schedule: '0 8 * * 1-5', timezone: 'Europe/London', input: DESK_INPUT },
  },
};
export const CRON_UPDATE_EXAMPLES = { later: { summary: 'Move it to 09:00', value: { schedule: '0 9 * * 1-5' } } };
export const CRON_SEARCH_EXAMPLES = {
  byAssistant: { summary: 'Crons of desk-assistant', value: { assistant_id: 'desk-assistant', limit: 10 } },
};
export const CRON_COUNT_EXAMPLES = {
  byAssistant: { summary: 'Crons of desk-assistant', value: { assistant_id: 'desk-assistant' } },
};
export const THREAD_UPDATE_EXAMPLES = { owner: { summary: 'Add an owner', value: { metadata: { owner: 'desk-fx' } } } };
