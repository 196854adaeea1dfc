import { Injectable } from '@nestjs/common';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppError, FieldProblem } from '../core/errors/app-error';
import { flattenValidationErrors } from '../core/errors/validation-problems';

export type JsonSchema = Record<string, unknown>;

/**
 * Validates dynamic JSON (task inputs, workflow definitions, job inputs) against a class or a
 * JSON Schema and throws VALIDATION_FAILED naming each offending path. Compiled schemas are
 * cached by object identity, and the cache is bounded by the number of distinct schemas the code
 * defines, not by traffic.
 */
@Injectable()
export class ValidationCore {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
  private readonly compiled = new WeakMap<JsonSchema, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
  }

  async validateClass<T extends object>(cls: ClassConstructor<T>, payload: unknown, prefix = ''): Promise<T> {
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw AppError.validation([{ field: prefix || 'body', message: 'must be an object' }]);
    }
    const instance = plainToInstance(cls, payload);
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw AppError.validation(flattenValidationErrors(errors, prefix));
    return instance;
  }

  validateSchema<T>(schema: JsonSchema, payload: unknown, prefix = ''): T {
    let validator = this.compiled.get(schema);
    if (!validator) {
      validator = this.ajv.compile(schema);
      this.compiled.set(schema, validator);
    }
    if (!validator(payload)) throw AppError.validation(schemaProblems(validator.errors ?? [], prefix));
    return payload as T;
  }
}

/** Turns Ajv's JSON-pointer paths (`/candles/3/high`) into `candles[3].high`. */
export function schemaProblems(errors: ErrorObject[], prefix = ''): FieldProblem[] {
  return errors.map((error) => {
    let path = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), prefix);
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      path = path ? `${path}.${extra}` : extra;
      message = 'is not an allowed field';
    } else if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      path = path ? `${path}.${missing}` : missing;
      message = 'is required';
    }
    return { field: path || prefix || 'body', message };
  });
}
