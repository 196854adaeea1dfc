import { AppError } from '@app/infrastructure';
import type { PlatformRunRequest } from '@app/langgraph';
import type { RunCreateDto } from './dto/run.dto';

/** The DTO as the library's run request (the webhook field is kept in the run's kwargs for delivery). */
export function toRunRequest(body: RunCreateDto): PlatformRunRequest {
  checkNodes('interrupt_before', body.interrupt_before);
  checkNodes('interrupt_after', body.interrupt_after);
  checkGoto(body.command?.goto);
  return {
    assistant_id: body.assistant_id,
    input: body.input ?? null,
    command: body.command ?? null,
    config: body.config ?? null,
    context: body.context ?? null,
    metadata: body.metadata ?? null,
    stream_mode: body.stream_mode,
    stream_subgraphs: body.stream_subgraphs,
    interrupt_before: body.interrupt_before ?? null,
    interrupt_after: body.interrupt_after ?? null,
    checkpoint_id: body.checkpoint_id ?? null,
    checkpoint: body.checkpoint ?? null,
    multitask_strategy: body.multitask_strategy,
    if_not_exists: body.if_not_exists,
    on_completion: body.on_completion,
    webhook: body.webhook ?? null,
  };
}

const NODE = /^[A-Za-z0-9_.:[\]-]{1,200}$/;

/** interrupt_before / interrupt_after: `*` or a list of node names. */
export function checkNodes(field: string, value: unknown): void {
  if (value === undefined || value === null || value === '*') return;
  if (!Array.isArray(value) || value.length > 100 || !value.every((v) => typeof v === 'string' && NODE.test(v)))
    throw AppError.validation([{ field, message: 'must be "*" or a list of node names' }]);
}

/** command.goto: a node name, a `{ node, input }` send, or a list of them. */
function checkGoto(goto: unknown): void {
  if (goto === undefined || goto === null) return;
  const items = Array.isArray(goto) ? goto : [goto];
  const ok =
    items.length <= 100 &&
    items.every(
      (item) =>
        (typeof item === 'string' && NODE.test(item)) ||
        (item !== null &&
          typeof item === 'object' &&
          typeof (item as { node?: unknown }).node === 'string' &&
          NODE.test((item as { node: string }).node)),
    );
  if (!ok)
    throw AppError.validation([
      { field: 'command.goto', message: 'must be a node name, a { node, input } send, or a list of them' },
    ]);
}
