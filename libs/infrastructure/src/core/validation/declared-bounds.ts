import { getMetadataStorage } from 'class-validator';
import type { FieldProblem } from '../errors/app-error';
import { transformerRegistry } from './transformer-registry';

/** The length bounds one DTO property declares, and the DTO class its value nests, if any. */
interface PropertyBounds {
  property: string;
  maxItems?: number;
  maxLength?: number;
  eachMaxLength?: number;
  nested?: () => unknown;
}

const boundsByClass = new WeakMap<object, PropertyBounds[]>();
const MAX_PROBLEMS = 20;
const MAX_NESTING = 16;

/**
 * Checks the lengths a DTO declares (`@ArrayMaxSize`, `@MaxLength`, also on nested DTOs) on the
 * plain parsed body, before class-transformer copies it and class-validator runs every element's
 * constraints: one `.length` read per bounded property, so 1,000,000 capabilities are refused
 * in microseconds rather than after a second of per-element validation.
 */
export function checkDeclaredBounds(
  value: unknown,
  dto: unknown,
  path = '',
  problems: FieldProblem[] = [],
  level = 0,
): FieldProblem[] {
  if (typeof dto !== 'function' || !isPlainObject(value) || level > MAX_NESTING) return problems;
  for (const bounds of boundsOf(dto)) {
    if (problems.length >= MAX_PROBLEMS) break;
    const field = path ? `${path}.${bounds.property}` : bounds.property;
    const item = value[bounds.property];
    if (Array.isArray(item)) {
      if (bounds.maxItems !== undefined && item.length > bounds.maxItems) {
        problems.push({ field, message: `must contain no more than ${bounds.maxItems} elements (got ${item.length})` });
        continue;
      }
      for (let i = 0; i < item.length && problems.length < MAX_PROBLEMS; i++) {
        const element: unknown = item[i];
        const max = bounds.eachMaxLength;
        if (max !== undefined && typeof element === 'string' && element.length > max) {
          problems.push({ field: `${field}[${i}]`, message: tooLong(max, element.length) });
        }
        if (bounds.nested) checkDeclaredBounds(element, bounds.nested(), `${field}[${i}]`, problems, level + 1);
      }
    } else if (typeof item === 'string') {
      const max = bounds.maxLength ?? bounds.eachMaxLength;
      if (max !== undefined && item.length > max) problems.push({ field, message: tooLong(max, item.length) });
    } else if (bounds.nested) {
      checkDeclaredBounds(item, bounds.nested(), field, problems, level + 1);
    }
  }
  return problems;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function tooLong(max: number, length: number): string {
  return `must be shorter than or equal to ${max} characters (got ${length})`;
}

function boundsOf(dto: object): PropertyBounds[] {
  const known = boundsByClass.get(dto);
  if (known) return known;
  const byProperty = new Map<string, PropertyBounds>();
  const entry = (property: string) => {
    let bounds = byProperty.get(property);
    if (!bounds) byProperty.set(property, (bounds = { property }));
    return bounds;
  };
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(dto as new () => object, '', true, false)) {
    const limit = meta.constraints?.[0] as unknown;
    if (meta.name === 'arrayMaxSize' && typeof limit === 'number') entry(meta.propertyName).maxItems = limit;
    else if (meta.name === 'maxLength' && typeof limit === 'number') {
      if (meta.each) entry(meta.propertyName).eachMaxLength = limit;
      else entry(meta.propertyName).maxLength = limit;
    } else if (meta.type === 'nestedValidation') {
      const type = transformerRegistry.findTypeMetadata(dto, meta.propertyName);
      if (type) entry(meta.propertyName).nested = () => type.typeFunction();
    }
  }
  const list = [...byProperty.values()];
  boundsByClass.set(dto, list);
  return list;
}
