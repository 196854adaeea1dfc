import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Lookup = (
  target: object,
  schema: string | undefined,
  always: boolean,
  strictGroups: boolean,
  groups?: string[],
) => ValidationMetadata[];
type Grouping = (metadatas: ValidationMetadata[]) => Record<string, ValidationMetadata[]>;

interface Storage {
  getTargetValidationMetadatas: Lookup;
  groupByPropertyName: Grouping;
  addValidationMetadata(metadata: ValidationMetadata): void;
  memoized?: true;
}

/**
 * class-validator looks a class's rules up on every validate() by walking every class that has
 * rules (an `instanceof` per DTO class, hundreds here) and grouping them again: 1.5 % of a task's
 * main thread. The rules are fixed once the decorators have run, so each lookup and grouping is
 * remembered per class and options, and all of it is forgotten when a rule is added. The
 * ValidationExecutor only reads what it gets back.
 */
export function memoizeValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as Storage;
  if (storage.memoized) return;
  storage.memoized = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let lookups = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  let groupings = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  storage.addValidationMetadata = (metadata) => {
    lookups = new WeakMap();
    groupings = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema ?? ''}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byOptions = lookups.get(target);
    if (!byOptions) lookups.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadatas) => {
    let grouped = groupings.get(metadatas);
    if (!grouped) groupings.set(metadatas, (grouped = group(metadatas)));
    return grouped;
  };
}
