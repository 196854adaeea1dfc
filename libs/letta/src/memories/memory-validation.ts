import { AppError, type FieldProblem, type LettaSettings } from '@app/infrastructure';
import type { NewMemory } from './memory.types';

/** Structural limits that do not depend on configuration (the DTOs say the same to Swagger). */
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 64;
export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._:/-]{0,63}$/u;
export const MAX_METADATA_BYTES = 8 * 1024;

/** The checks that need configuration (content size), with field paths under `prefix`. */
export function contentProblems(content: unknown, settings: LettaSettings, field: string): FieldProblem[] {
  if (typeof content !== 'string' || content.trim() === '') return [{ field, message: 'must be a non-empty string' }];
  if (content.length > settings.maxContentChars) {
    return [{ field, message: `must be at most ${settings.maxContentChars} characters (MEMORY_MAX_CONTENT_CHARS)` }];
  }
  return [];
}

export function metadataProblems(metadata: unknown, field: string): FieldProblem[] {
  if (metadata === undefined) return [];
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
    return [{ field, message: 'must be an object' }];
  if (Buffer.byteLength(JSON.stringify(metadata)) > MAX_METADATA_BYTES)
    return [{ field, message: `must serialise to at most ${MAX_METADATA_BYTES} bytes` }];
  return [];
}

export function checkNewMemories(items: NewMemory[], settings: LettaSettings, prefix: (i: number) => string): void {
  const problems = items.flatMap((m, i) => [
    ...contentProblems(m.content, settings, `${prefix(i)}content`),
    ...metadataProblems(m.metadata, `${prefix(i)}metadata`),
  ]);
  if (problems.length) throw AppError.validation(problems);
}

/** Tags are a set: duplicates collapse, order is not kept. */
export function normaliseTags(tags: string[] | undefined): string[] {
  return [...new Set(tags ?? [])].sort();
}
