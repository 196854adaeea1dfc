import { readFileSync } from 'node:fs';
import { findUp } from '@app/infrastructure';

let cached: string | undefined;

/** The version in package.json, read once (works from src under Jest and from dist). */
export function serviceVersion(): string {
  if (cached) return cached;
  const file = findUp('package.json', __dirname);
  cached = file ? String((JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0') : '0.0.0';
  return cached;
}
