import { getMetadataStorage } from 'class-validator';
import { transformerRegistry } from './transformer-registry';

/** Array-level checks that judge the array itself (or skip it), so a head of it is judged alike. */
const ARRAY_LEVEL_CHECKS = new Set(['isArray', 'arrayMinSize', 'arrayMaxSize']);
const ARRAY_LEVEL_TYPES = new Set(['conditionalValidation', 'isDefined', 'nestedValidation']);

/** An array of nested DTOs validated item by item: its property, item class and minimum length. */
export interface ItemArray {
  property: string;
  itemType: () => unknown;
  minItems: number;
}

const itemArraysByClass = new WeakMap<object, ItemArray[]>();

/**
 * The `@ValidateNested({ each: true }) @Type(() => X)` array properties of a DTO whose other rules
 * judge only the array as a whole (IsArray, ArrayMinSize, ArrayMaxSize, optional): their items can
 * be validated one by one, in slices that leave the event loop free, instead of in one pass.
 */
export function itemArrays(dto: unknown): ItemArray[] {
  if (typeof dto !== 'function') return [];
  const known = itemArraysByClass.get(dto);
  if (known) return known;
  const byProperty = new Map<string, { nestedEach: boolean; plain: boolean; minItems: number }>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(dto as new () => object, '', true, false)) {
    const entry = byProperty.get(meta.propertyName) ?? { nestedEach: false, plain: true, minItems: 0 };
    if (meta.type === 'nestedValidation' && meta.each) entry.nestedEach = true;
    const arrayLevel = ARRAY_LEVEL_TYPES.has(meta.type) || ARRAY_LEVEL_CHECKS.has(meta.name ?? '');
    if (!arrayLevel || (meta.each && meta.type !== 'nestedValidation')) entry.plain = false;
    if (meta.name === 'arrayMinSize' && typeof meta.constraints?.[0] === 'number') entry.minItems = meta.constraints[0];
    byProperty.set(meta.propertyName, entry);
  }
  const arrays: ItemArray[] = [];
  for (const [property, entry] of byProperty) {
    const type = transformerRegistry.findTypeMetadata(dto, property);
    if (!entry.nestedEach || !entry.plain || !type) continue;
    arrays.push({ property, itemType: () => type.typeFunction(), minItems: entry.minItems });
  }
  itemArraysByClass.set(dto, arrays);
  return arrays;
}
