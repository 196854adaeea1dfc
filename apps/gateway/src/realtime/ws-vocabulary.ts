import { IDENTIFIER_PATTERN } from '@app/infrastructure';
import { TASK_STATUSES } from '@app/handit';
import { RUN_STATUSES } from '@app/langgraph';

export { IDENTIFIER_PATTERN };
/** Statuses a tasks or runs filter may name. */
export const TASK_STATUSES_ALL: readonly string[] = [...new Set<string>([...TASK_STATUSES, ...RUN_STATUSES])];
