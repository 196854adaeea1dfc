import { readFileSync } from 'node:fs';

/**
 * The value of a secret named by reference (an environment variable's name, stored in data such
 * as an external model's definition), read when it is used so a rotated secret applies at once.
 * `<NAME>_FILE` wins, as for the service's own secrets. Only names with `prefix` are read, so a
 * stored reference can never reach the service's own secrets (DATABASE_URL, JWT_SECRET, …).
 */
export function readSecretReference(
  name: string,
  prefix: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (!name.startsWith(prefix) || !/^[A-Z][A-Z0-9_]*$/.test(name)) return undefined;
  const file = env[`${name}_FILE`];
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      return undefined;
    }
  }
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}
