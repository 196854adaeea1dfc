import type { PlatformRunRequest } from '@app/langgraph';
import type { RunCreateDto } from './dto/run.dto';

/** The DTO as the library's run request (the webhook field is kept in the run's kwargs for delivery). */
export function toRunRequest(body: RunCreateDto): PlatformRunRequest {
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
  };
}
