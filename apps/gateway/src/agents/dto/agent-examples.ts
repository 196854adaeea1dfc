import { TASK_TYPE_CATALOG } from '@app/handit';

/** Request bodies of the agents' routes (Swagger's example picker); "Try it out" sends the first. */

/** Hull's Example 15.6: the built-in options agent answers call 4.76, put 0.81. */
const OPTIONS_INPUT = TASK_TYPE_CATALOG.find((entry) => entry.type === 'options_pricing')!.example;

export const SEND_MESSAGE_EXAMPLES = {
  'by-capability': {
    summary: 'To whichever healthy agent offers options_pricing (a built-in agent answers)',
    value: {
      to: { capability: 'options_pricing' },
      type: 'options_pricing',
      payload: OPTIONS_INPUT,
      correlationId: 'order-7731',
    },
  },
  'to-agent': {
    summary: 'To one agent by id (e.g. your external agent from POST /agents)',
    value: {
      to: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
      type: 'news_triage',
      payload: { headline: 'ECB holds rates; guidance unchanged' },
      ttlMs: 60_000,
    },
  },
};

export const SEND_BATCH_EXAMPLES = {
  'by-capability': {
    summary: 'Two options to price, each to whichever healthy agent offers options_pricing (spread by load)',
    value: {
      messages: [
        SEND_MESSAGE_EXAMPLES['by-capability'].value,
        { ...SEND_MESSAGE_EXAMPLES['by-capability'].value, correlationId: 'order-7732' },
      ],
    },
  },
};

export const COORDINATION_RUN_EXAMPLES = {
  parallel: {
    summary: 'Every options_pricing agent prices the same option; each answer is reported',
    value: {
      strategy: 'parallel',
      capability: 'options_pricing',
      task: 'options_pricing',
      input: OPTIONS_INPUT,
      timeoutMs: 20_000,
    },
  },
};
