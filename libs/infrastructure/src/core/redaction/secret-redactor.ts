import type { AppConfig } from '../config/config.schema';
import { configuredSecretValues } from './configured-secrets';
import { isSecretKey, MASK, maskSecrets } from './mask-secrets';

/** What a redactor hides besides the built-in secret-looking names. */
export interface SecretRedactorOptions {
  /** Extra names to mask (keys, query parameters), compared case-insensitively. */
  readonly sensitiveKeys?: readonly string[];
  /** Literal secret values to blank out of any string (shorter than 8 characters: ignored). */
  readonly secretValues?: readonly string[];
}

/** Shorter values would blank ordinary words; a real key, password or token is longer. */
export const MIN_SECRET_VALUE_LENGTH = 8;
const AUTH_SCHEME = /\b(Bearer|Basic|ApiKey)\s+[A-Za-z0-9._~+/=-]{4,}/g;
// `name=value` after `?`, `&`, `;`, whitespace or the start: URLs, and messages like "password=…".
const NAME_VALUE = /(^|[?&;\s])([^=&#\s?;]+)=([^&#\s;]*)/g;

/**
 * Blanks credentials inside free text and structured values, for logs and span data alike:
 * values under secret-looking names (the one list in mask-secrets.ts, plus configured extra keys),
 * `Bearer …` / `Basic …` / `ApiKey …`, secret-named `name=value` pairs (query strings), and every
 * configured secret value wherever it appears.
 */
export class SecretRedactor {
  readonly sensitiveKeys: readonly string[];
  private readonly secrets: readonly string[];

  constructor(options: SecretRedactorOptions = {}) {
    this.sensitiveKeys = (options.sensitiveKeys ?? []).map((k) => k.trim()).filter(Boolean);
    const values = options.secretValues ?? [];
    const long = values.filter((v) => typeof v === 'string' && v.length >= MIN_SECRET_VALUE_LENGTH);
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...new Set(long)].sort((a, b) => b.length - a.length);
  }

  /** The service's own secrets and the configured extra keys (TRACING_SENSITIVE_KEYS). */
  static fromConfig(config: AppConfig): SecretRedactor {
    return new SecretRedactor({
      sensitiveKeys: config.aiComponents.langfuse.sensitiveKeys,
      secretValues: configuredSecretValues(config),
    });
  }

  isSecretName(name: string): boolean {
    return isSecretKey(name, this.sensitiveKeys);
  }

  /** A deep copy of `value` with secret-named fields masked and every string passed through maskText. */
  redact<T>(value: T): T {
    return maskSecrets(value, { extraKeys: this.sensitiveKeys, maskText: (text) => this.maskText(text) });
  }

  maskText(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
    out = out.replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${MASK}`);
    if (out.includes('=')) out = this.maskNameValues(out);
    return out;
  }

  /** `…?api_key=abc&x=1` → `…?api_key=%5BREDACTED%5D&x=1` for secret-named parameters. */
  private maskNameValues(text: string): string {
    return text.replace(NAME_VALUE, (match, sep: string, name: string, value: string) =>
      value !== '' && (this.isSecretName(name) || this.isSecretName(decodeSafely(name)))
        ? `${sep}${name}=${encodeURIComponent(MASK)}`
        : match,
    );
  }
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
