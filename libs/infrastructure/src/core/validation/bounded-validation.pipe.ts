import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { AppError, FieldProblem } from '../errors/app-error';
import { flattenValidationErrors, MAX_FIELD_PROBLEMS } from '../errors/validation-problems';
import { nextTurn } from '../http/event-loop-turn';
import { checkDeclaredBounds } from './declared-bounds';
import { ItemArray, itemArrays } from './item-arrays';
import { setOpaqueAside } from './opaque-properties';
import { memoizeValidationMetadata } from './validation-metadata-memo';

/** Arrays of nested DTOs longer than this are validated item by item, in slices. */
const ITEMS_IN_ONE_PASS = 100;
/** Validation work between two yields to the event loop. */
const SLICE_MS = 5;

/**
 * The global validation pipe: whitelist, forbid unknown fields, transform, errors as
 * VALIDATION_FAILED naming each field. The lengths a DTO declares are checked first, on the plain
 * value, so an oversized array never reaches class-transformer and class-validator; free-form
 * JSON properties are validated as a whole and passed through, not deep-copied; long arrays of
 * nested DTOs (memory bulk inserts and imports) are validated in slices of about 5 ms, stopping
 * once MAX_FIELD_PROBLEMS problems are known, so no body holds the event loop for long.
 */
export class BoundedValidationPipe extends ValidationPipe {
  constructor() {
    memoizeValidationMetadata();
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => AppError.validation(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problems = checkDeclaredBounds(value, metadata.metatype);
    if (problems.length) throw AppError.validation(problems);
    const { shallow, restore } = setOpaqueAside(value, metadata.metatype);
    const long = longItemArrays(shallow, metadata.metatype);
    if (!long.length) return restore(await super.transform(shallow, metadata));

    // The head of each long array is validated with the rest of the body; the tail item by item.
    const head: Record<string, unknown> = { ...(shallow as Record<string, unknown>) };
    for (const { array, items } of long) head[array.property] = items.slice(0, Math.max(1, array.minItems));
    const result = (await super.transform(head, metadata)) as Record<string, unknown>;
    for (const { array, items } of long) {
      const validatedHead = result[array.property] as unknown[];
      const tail = await this.validateItems(array, items, validatedHead.length);
      result[array.property] = validatedHead.concat(tail);
    }
    return restore(result);
  }

  private async validateItems(array: ItemArray, items: unknown[], from: number): Promise<unknown[]> {
    const metatype = array.itemType() as ArgumentMetadata['metatype'];
    const validated: unknown[] = [];
    const problems: FieldProblem[] = [];
    let sliceStarted = performance.now();
    for (let i = from; i < items.length && problems.length < MAX_FIELD_PROBLEMS; i++) {
      const at = `${array.property}[${i}]`;
      const item = items[i];
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        problems.push({ field: at, message: 'must be an object' });
        continue;
      }
      try {
        validated.push(await super.transform(item, { type: 'body', metatype }));
      } catch (err) {
        const details = err instanceof AppError ? (err.details as { fields?: FieldProblem[] } | undefined) : undefined;
        if (!details?.fields) throw err;
        const { fields } = details;
        for (const problem of fields) problems.push({ ...problem, field: `${at}.${problem.field}` });
      }
      if (performance.now() - sliceStarted > SLICE_MS) {
        await nextTurn();
        sliceStarted = performance.now();
      }
    }
    if (problems.length) throw AppError.validation(problems.slice(0, MAX_FIELD_PROBLEMS));
    return validated;
  }
}

function longItemArrays(value: unknown, dto: unknown): { array: ItemArray; items: unknown[] }[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const found: { array: ItemArray; items: unknown[] }[] = [];
  for (const array of itemArrays(dto)) {
    const items = (value as Record<string, unknown>)[array.property];
    if (Array.isArray(items) && items.length > ITEMS_IN_ONE_PASS) found.push({ array, items });
  }
  return found;
}
