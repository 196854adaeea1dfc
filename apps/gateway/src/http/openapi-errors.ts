import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODE_DESCRIPTIONS, ERROR_CODES, ErrorCode } from '@app/infrastructure';
import { errorSchema } from './openapi.decorators';

type Operation = { parameters?: unknown[]; requestBody?: unknown; responses: Record<string, { description: string }> };

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * Adds the error responses an operation gets from the HTTP pipeline rather than from its handler,
 * so the document lists every status a route can really return: 500 everywhere; 503 outside
 * /health (draining, or a database/Redis outage); 404 where a path parameter can be empty or match
 * nothing (`/memory/agents//export`); 400 with parameters or a body; 413 and 415 with a JSON body.
 */
export function addPipelineErrors(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, unknown>)) {
      if (!HTTP_METHODS.has(method)) continue;
      const operation = value as Operation;
      const hasBody = operation.requestBody !== undefined;
      add(operation, ['INTERNAL']);
      if (!path.startsWith('/health')) add(operation, ['SHUTTING_DOWN', 'SERVICE_UNAVAILABLE']);
      if (/\{[^}]+\}/.test(path)) add(operation, ['NOT_FOUND']);
      if (hasBody || (operation.parameters?.length ?? 0) > 0) add(operation, ['VALIDATION_FAILED']);
      if (hasBody) add(operation, ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']);
    }
  }
  return document;
}

/** Documents each code under its status; a status already documented gets the missing codes named. */
function add(operation: Operation, codes: ErrorCode[]): void {
  for (const code of codes) {
    const status = String(ERROR_CODES[code]);
    const line = `${code}: ${ERROR_CODE_DESCRIPTIONS[code]}`;
    const existing = operation.responses[status];
    if (!existing) {
      const content = { 'application/json': { schema: errorSchema(code) } };
      operation.responses[status] = { description: line, content } as never;
    } else if (!existing.description.includes(`${code}:`)) {
      existing.description = `${existing.description} / ${line}`;
    }
  }
}
