import { ASSET_CLASSES, type AssetClass } from '../quant';
import { TASK_TYPE_CATALOG } from '../tasks/task-catalog';
import type { TaskType } from '../tasks/task.types';
import {
  EXTERNAL_PROTOCOLS,
  STICKY_KEYS,
  VERSION_PATTERN,
  type ExternalEndpoint,
  type SplitEntry,
  type StickyKey,
} from './governance.types';

export type Problem = { field: string; message: string };

const TASK_TYPES = TASK_TYPE_CATALOG.map((t) => t.type);
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
export const MAX_SPLIT_ENTRIES = 10;
export const MAX_WEIGHT = 10_000;

export function checkVersionName(version: unknown, field = 'version'): Problem[] {
  return typeof version === 'string' && VERSION_PATTERN.test(version)
    ? []
    : [
        {
          field,
          message: 'must be 1-32 letters, digits, dots, dashes or underscores, starting with a letter or digit',
        },
      ];
}

export function checkTaskTypes(types: unknown, field: string, allowed: readonly TaskType[] = TASK_TYPES): Problem[] {
  if (!Array.isArray(types) || types.length === 0)
    return [{ field, message: 'must be a non-empty list of task types' }];
  return types.flatMap((t, i) =>
    allowed.includes(t as TaskType)
      ? []
      : [{ field: `${field}[${i}]`, message: `must be one of ${allowed.join(', ')}` }],
  );
}

export function checkAssetClasses(classes: unknown, field: string): Problem[] {
  if (!Array.isArray(classes) || classes.length === 0) return [{ field, message: 'must be a non-empty list' }];
  return classes.flatMap((a, i) =>
    ASSET_CLASSES.includes(a as AssetClass)
      ? []
      : [{ field: `${field}[${i}]`, message: `must be one of ${ASSET_CLASSES.join(', ')}` }],
  );
}

/** An external endpoint: http(s) URL, a bounded timeout, a secret reference with the configured prefix. */
export function checkExternal(value: ExternalEndpoint, secretPrefix: string): Problem[] {
  const problems: Problem[] = [];
  if (!EXTERNAL_PROTOCOLS.includes(value.protocol))
    problems.push({ field: 'external.protocol', message: `must be one of ${EXTERNAL_PROTOCOLS.join(', ')}` });
  let url: URL | undefined;
  try {
    url = new URL(value.url);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password)
    problems.push({ field: 'external.url', message: 'must be an http(s) URL without credentials in it' });
  if (
    value.secretRef !== undefined &&
    (!value.secretRef.startsWith(secretPrefix) || !/^[A-Z][A-Z0-9_]*$/.test(value.secretRef))
  )
    problems.push({
      field: 'external.secretRef',
      message: `must be the name of an environment variable starting with ${secretPrefix}`,
    });
  if (value.authHeader !== undefined && !HEADER_NAME.test(value.authHeader))
    problems.push({ field: 'external.authHeader', message: 'must be an HTTP header name' });
  return problems;
}

/** A split: distinct versions with integer weights, at least one above zero. */
export function checkSplit(split: SplitEntry[], known: (version: string) => string | undefined): Problem[] {
  const problems: Problem[] = [];
  if (split.length === 0 || split.length > MAX_SPLIT_ENTRIES)
    return [{ field: 'split', message: `must list 1 to ${MAX_SPLIT_ENTRIES} versions` }];
  const seen = new Set<string>();
  split.forEach((entry, i) => {
    if (seen.has(entry.version)) problems.push({ field: `split[${i}].version`, message: 'is listed twice' });
    seen.add(entry.version);
    const status = known(entry.version);
    if (status === undefined) problems.push({ field: `split[${i}].version`, message: `no version '${entry.version}'` });
    else if (status !== 'active')
      problems.push({ field: `split[${i}].version`, message: `is ${status}; only active versions take routed tasks` });
  });
  if (split.every((e) => e.weight === 0)) problems.push({ field: 'split', message: 'needs a weight above 0' });
  return problems;
}

export function checkSticky(sticky: { by: StickyKey; header?: string } | null | undefined): Problem[] {
  if (!sticky) return [];
  if (!STICKY_KEYS.includes(sticky.by))
    return [{ field: 'sticky.by', message: `must be one of ${STICKY_KEYS.join(', ')}` }];
  if (sticky.by === 'header' && (!sticky.header || !HEADER_NAME.test(sticky.header)))
    return [{ field: 'sticky.header', message: 'must name the HTTP header to hash when sticky.by is header' }];
  if (sticky.by !== 'header' && sticky.header !== undefined)
    return [{ field: 'sticky.header', message: 'is only for sticky.by header' }];
  return [];
}
