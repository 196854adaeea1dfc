import type { AppConfig } from '../config/config.schema';
import { SECRET_PATHS } from '../config/env-variables';

/**
 * Every secret the service itself is configured with (API keys, JWT secret, Langfuse keys,
 * database and Redis passwords, webhook tokens, OTLP headers, …), read from the paths the
 * configuration table marks secret. Logs and span data blank these literally wherever they
 * appear, e.g. in an upstream error message.
 */
export function configuredSecretValues(config: AppConfig): string[] {
  const values: string[] = [];
  const add = (text: string) => {
    if (!text) return;
    values.push(text);
    // name:role:tenant:key entries (API_KEYS) and user:pass@host URLs: the secret is a part.
    const last = text.slice(text.lastIndexOf(':') + 1);
    if (last !== text && !text.includes('sha256:')) values.push(last);
    try {
      const url = new URL(text);
      if (url.password) values.push(decodeURIComponent(url.password));
      // Webhook URLs carry their tokens as query values or path segments.
      for (const value of url.searchParams.values()) values.push(value);
    } catch {
      // Not a URL.
    }
    // OTLP headers: key=value pairs whose values are the secrets.
    for (const part of text.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) values.push(part.slice(eq + 1).trim());
    }
  };
  const child = (node: unknown, key: string): unknown =>
    node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  for (const path of SECRET_PATHS) {
    const value = path.split('.').reduce<unknown>(child, config);
    if (typeof value === 'string') add(value);
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') add(v);
  }
  return values;
}
