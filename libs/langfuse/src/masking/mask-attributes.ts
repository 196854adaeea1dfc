import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { MASK, SecretRedactor } from '@app/infrastructure';

/**
 * The one masking function for span data. Every finished span passes through it once, before
 * any exporter or the local store sees it, so Langfuse, the OTLP backend and
 * /api/v1/observability all show the same masked values.
 *
 * What is masked:
 * - values under secret-looking keys (the infrastructure list behind `isSecretKey`, shared with
 *   logs and /status) and under the configured sensitive keys, at any depth of JSON-valued
 *   attributes (Langfuse keeps input/output/metadata as JSON strings);
 * - credentials inside strings, by the same SecretRedactor the logs use: `Bearer …` / `Basic …`,
 *   secret-named query parameters, and any configured secret value (API keys, Langfuse secret
 *   key, …) wherever it appears.
 *
 * Token counts are not secrets: the key rule matches "token", so numbers under keys ending in
 * `token(s)` (gen_ai.usage.input_tokens, max_tokens) are kept.
 */
export interface MaskOptions {
  /** Extra keys to mask (case-insensitive, compared with the last segment and the full key). */
  readonly sensitiveKeys?: readonly string[];
  /** Literal secret values to blank out of any string (shorter than 8 characters: ignored). */
  readonly secretValues?: readonly string[];
}

const MAX_JSON_LENGTH = 256 * 1024;
const MAX_DEPTH = 12;
const TOKEN_COUNT_KEY = /tokens?$/i;

export class AttributeMasker {
  private readonly text: SecretRedactor;

  constructor(options: MaskOptions = {}) {
    this.text = new SecretRedactor(options);
  }

  /** Whether the value under `key` must be hidden entirely. */
  isSensitive(key: string, value: unknown): boolean {
    const last = key.slice(key.lastIndexOf('.') + 1);
    const sensitive = this.text.isSecretName(key) || this.text.isSecretName(last);
    if (!sensitive) return false;
    if ((typeof value === 'number' || typeof value === 'bigint') && TOKEN_COUNT_KEY.test(last)) return false;
    return !(value === '' || value === undefined || value === null);
  }

  /** Masks a span's attributes in place (span attributes are a plain object owned by the span). */
  maskInPlace(attributes: Attributes): void {
    for (const key of Object.keys(attributes)) {
      const value = attributes[key];
      attributes[key] = this.isSensitive(key, value) ? MASK : this.maskValue(value);
    }
  }

  /** A masked copy. */
  mask(attributes: Attributes): Attributes {
    const copy: Attributes = { ...attributes };
    this.maskInPlace(copy);
    return copy;
  }

  private maskValue(value: AttributeValue | undefined): AttributeValue | undefined {
    if (typeof value === 'string') return this.maskString(value);
    if (Array.isArray(value))
      return value.map((v) => (typeof v === 'string' ? this.maskString(v) : v)) as AttributeValue;
    return value;
  }

  /** JSON strings are masked structurally; other strings by pattern. */
  maskString(text: string): string {
    const trimmed = text.trimStart();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && text.length <= MAX_JSON_LENGTH) {
      try {
        const parsed: unknown = JSON.parse(text);
        return JSON.stringify(this.maskJson(parsed, 0));
      } catch {
        // Not JSON after all: fall through to the pattern rules.
      }
    }
    return this.text.maskText(text);
  }

  private maskJson(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text.maskText(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_DEPTH) return '[…]';
    if (Array.isArray(value)) return value.map((v) => this.maskJson(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = this.isSensitive(key, inner) ? MASK : this.maskJson(inner, depth + 1);
    }
    return out;
  }
}
