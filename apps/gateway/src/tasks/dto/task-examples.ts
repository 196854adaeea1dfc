import { TASK_TYPE_CATALOG } from '@app/handit';

const ORDER = ['options_pricing', 'technical_analysis', 'trading_signal'];

/**
 * Request bodies for POST /tasks (Swagger's example picker): one per task type, each input the
 * catalogue's runnable example. The first is Hull's Example 15.6 (call 4.76, put 0.81).
 */
export const TASK_EXAMPLES = Object.fromEntries(
  [...TASK_TYPE_CATALOG]
    .sort((a, b) => rank(a.type) - rank(b.type))
    .map((entry) => [
      entry.type,
      { summary: entry.description, value: { type: entry.type, priority: 'normal', input: entry.example } },
    ]),
);

function rank(type: string): number {
  const i = ORDER.indexOf(type);
  return i < 0 ? ORDER.length : i;
}
