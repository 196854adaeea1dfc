import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiParam, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RawResponse } from '@app/infrastructure';
import { ApiErrors } from '../http/openapi.decorators';
import { BODY_ERRORS } from '../http/route-decorators';
import { LANGGRAPH_PATH } from './langgraph.presenter';

/**
 * A LangGraph Platform answer: the bare JSON the official SDK reads, not our envelope (errors keep
 * the envelope, which the SDK surfaces as the HTTP error's text).
 */
export function ApiRaw(status: number, description: string, schema?: Record<string, unknown>, isArray = false) {
  if (!schema) return ApiResponse({ status, description });
  return ApiResponse({
    status,
    description,
    content: { 'application/json': { schema: isArray ? { type: 'array', items: schema } : schema } },
  });
}

export const ApiLangGraphAuth = () => applyDecorators(ApiSecurity('api-key'), ApiBearerAuth('bearer'));

/**
 * A LangGraph Platform controller at LANGGRAPH_PATH + `path`: its Swagger tag, the SDK's two auth
 * schemes, and bare JSON answers (ApiRaw). Applied bottom-up, as the four decorators were written.
 */
export const LangGraphController = (tag: string, path = '') =>
  applyDecorators(Controller(`${LANGGRAPH_PATH.slice(1)}${path}`), RawResponse(), ApiLangGraphAuth(), ApiTags(tag));

export const THREAD_PARAM = ApiParam({
  name: 'thread_id',
  description: 'Thread id',
  example: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d',
});
export const RUN_PARAM = ApiParam({
  name: 'run_id',
  description: 'Run id (the same run as /api/v1/orchestration/runs/{id})',
  example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
});
export const ASSISTANT_PARAM = ApiParam({
  name: 'assistant_id',
  description: 'Assistant id, or a graph id (its default assistant)',
  example: 'desk-assistant',
});

/** An SSE answer as the SDK reads it: `event: <mode>` lines with JSON data. */
export const SSE_RESPONSE = ApiResponse({
  status: 200,
  description:
    'Server-Sent Events: first `metadata` ({ run_id, attempt }), then one event per chunk named by its stream mode ' +
    '(values, updates, events, custom, messages, debug, checkpoints, tasks; `mode|<namespace>` for subgraphs), ' +
    '`error` on failure; each has an id for Last-Event-ID. The stream ends when the run settles.',
  content: {
    'text/event-stream': { schema: { type: 'string', example: 'id: 01JD…\nevent: values\ndata: {"desk":"fx"}\n\n' } },
  },
});

/** What creating a run can answer besides the run; a run on a thread can also conflict with the thread's run. */
export const RUN_CREATE_ERRORS = [...BODY_ERRORS, 'NOT_FOUND', 'QUEUE_FULL'] as const;

/**
 * A run streamed as SSE, with the errors answered before the stream starts. Nest applies a method's
 * decorators bottom-up; this applies them in that order, so the document is the same as written out.
 */
export const ApiRunSse = (...errors: Parameters<typeof ApiErrors>) =>
  applyDecorators(ApiErrors(...errors), SSE_RESPONSE, ApiProduces('text/event-stream'));

/** Joining a run's stored stream: SSE, resumed after the Last-Event-ID header's chunk. */
export const ApiJoinRunSse = () =>
  applyDecorators(
    ApiRunSse('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED'),
    ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id' }),
  );
