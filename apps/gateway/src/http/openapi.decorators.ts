import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_CODE_DESCRIPTIONS, ERROR_CODES, ErrorCode } from '@app/infrastructure';

const META_SCHEMA = {
  type: 'object',
  required: ['requestId', 'timestamp'],
  properties: {
    requestId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    timestamp: { type: 'string', format: 'date-time', example: '2026-11-25T12:00:00.000Z' },
  },
};

/** The error envelope for one code, with an example a reader can recognise. */
export function errorSchema(code: ErrorCode) {
  return {
    type: 'object',
    required: ['success', 'error', 'meta'],
    properties: {
      success: { type: 'boolean', enum: [false] },
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: Object.keys(ERROR_CODES), example: code },
          message: { type: 'string', example: ERROR_CODE_DESCRIPTIONS[code] },
          details: { description: 'Structured details; for VALIDATION_FAILED, `fields: [{ field, message }]`' },
        },
      },
      meta: META_SCHEMA,
    },
  };
}

/** The success envelope's schema around a data schema. */
export function envelopeOf(dataSchema: Record<string, unknown>) {
  return {
    type: 'object',
    required: ['success', 'data', 'meta'],
    properties: { success: { type: 'boolean', enum: [true] }, data: dataSchema, meta: META_SCHEMA },
  };
}

/** Documents the success envelope around a DTO class or an inline schema. */
export function ApiEnvelope(
  status: number,
  description: string,
  data: Type<unknown> | Record<string, unknown>,
  options: { isArray?: boolean } = {},
) {
  const dataSchema = typeof data === 'function' ? { $ref: getSchemaPath(data) } : data;
  const schema = envelopeOf(options.isArray ? { type: 'array', items: dataSchema } : dataSchema);
  const decorators = [ApiResponse({ status, description, schema })];
  if (typeof data === 'function') decorators.unshift(ApiExtraModels(data));
  return applyDecorators(...decorators);
}

/** Documents the error responses a route can give; several codes sharing a status are listed together. */
export function ApiErrors(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_CODES[code], [...(byStatus.get(ERROR_CODES[code]) ?? []), code]);
  return applyDecorators(
    ...[...byStatus.entries()].map(([status, list]) =>
      ApiResponse({
        status,
        description: list.map((c) => `${c}: ${ERROR_CODE_DESCRIPTIONS[c]}`).join(' / '),
        schema: errorSchema(list[0]),
      }),
    ),
  );
}
