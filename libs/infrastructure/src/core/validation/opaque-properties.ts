import { getMetadataStorage } from 'class-validator';
import { PLAIN_TO_CLASS, transformerRegistry } from './transformer-registry';

/** Validators that judge a value as a whole, never its contents. */
const WHOLE_VALUE_CHECKS = new Set(['isObject', 'isDefined']);
const WHOLE_VALUE_TYPES = new Set(['conditionalValidation', 'isDefined']);

const opaqueByClass = new WeakMap<object, string[]>();

/**
 * The properties of a DTO that carry free-form JSON (`@IsObject() input`, `@IsDefined() payload`):
 * validated only as a whole, with no `@Type`, `@Transform` or per-element rule. class-transformer
 * would deep-copy whatever they hold (300 ms for 50,000 candles) to no effect.
 */
export function opaqueProperties(dto: unknown): string[] {
  if (typeof dto !== 'function') return [];
  const known = opaqueByClass.get(dto);
  if (known) return known;
  const byProperty = new Map<string, boolean>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(dto as new () => object, '', true, false)) {
    const whole = !meta.each && (WHOLE_VALUE_TYPES.has(meta.type) || WHOLE_VALUE_CHECKS.has(meta.name ?? ''));
    byProperty.set(meta.propertyName, (byProperty.get(meta.propertyName) ?? true) && whole);
  }
  const opaque = [...byProperty.entries()]
    .filter(([property, whole]) => whole && !transformerRegistry.findTypeMetadata(dto, property))
    .filter(([property]) => transformerRegistry.findTransformMetadatas(dto, property, PLAIN_TO_CLASS).length === 0)
    .map(([property]) => property);
  opaqueByClass.set(dto, opaque);
  return opaque;
}

/**
 * Swaps each opaque property's object or array for an empty one of the same kind, which every
 * whole-value check judges the same way; `restore` puts the originals on the validated instance.
 */
export function setOpaqueAside(value: unknown, dto: unknown): { shallow: unknown; restore: (r: unknown) => unknown } {
  const properties = opaqueProperties(dto);
  if (!properties.length || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { shallow: value, restore: (result) => result };
  }
  const shallow: Record<string, unknown> = { ...value };
  const aside = new Map<string, unknown>();
  for (const property of properties) {
    const held = shallow[property];
    if (held === null || typeof held !== 'object') continue;
    aside.set(property, held);
    shallow[property] = Array.isArray(held) ? [] : {};
  }
  const restore = (result: unknown) => {
    if (result === null || typeof result !== 'object') return result;
    for (const [property, held] of aside) {
      if (property in result) (result as Record<string, unknown>)[property] = held;
    }
    return result;
  };
  return { shallow, restore };
}
