import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import { AppConfig } from './config.schema';
import { ConfigError, ConfigProblem } from './config-error';
import { ENV_VARIABLES, EnvKind } from './env-variables';
import { semanticProblems } from './semantic-checks';

type Plain = Record<string, unknown>;

export interface LoadConfigOptions {
  /** The environment to read; defaults to process.env. Tests pass their own. */
  env?: NodeJS.ProcessEnv;
}

const DEFAULTS_FILE = 'config/ai-orchestration.yml';

/** Finds `relative` in `from` or the nearest folder above it (works from src and from dist). */
export function findUp(relative: string, from: string): string | undefined {
  let dir = from;
  for (let i = 0; i < 10; i++) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The shipped defaults file, config/ai-orchestration.yml, found from this file's location. */
export function defaultsFilePath(): string {
  return findUp(DEFAULTS_FILE, __dirname) ?? resolve(process.cwd(), DEFAULTS_FILE);
}

/**
 * Layers, later wins: the shipped YAML defaults, then CONFIG_FILE (if set), then environment
 * variables (or <NAME>_FILE for secrets). The result is validated as a whole; every invalid
 * setting is reported at once, naming where its value came from.
 */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const env = options.env ?? process.env;
  const sources = new Map<string, string>();
  const problems: ConfigProblem[] = [];

  const merged = readYaml(defaultsFilePath(), problems);
  recordSources(merged, '', 'config/ai-orchestration.yml', sources);

  const overlayPath = env.CONFIG_FILE;
  if (overlayPath) {
    if (!existsSync(overlayPath)) {
      problems.push({
        setting: 'CONFIG_FILE',
        source: 'env CONFIG_FILE',
        received: overlayPath,
        allowed: 'must name an existing YAML file',
      });
    } else {
      const overlay = readYaml(overlayPath, problems);
      recordSources(overlay, '', overlayPath, sources);
      deepMerge(merged, overlay);
    }
  }

  for (const variable of ENV_VARIABLES) {
    if (!variable.path) continue;
    const raw = readEnvValue(variable.name, !!variable.secret, env, problems);
    if (raw === undefined) continue;
    setPath(merged, variable.path, coerce(raw, variable.kind));
    sources.set(variable.path, `env ${variable.name}`);
  }

  const config = plainToInstance(AppConfig, merged);
  const errors = validateSync(config, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  for (const error of errors) collectProblems(error, '', merged, sources, problems);
  if (!problems.length) problems.push(...semanticProblems(config, sources));
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function readYaml(path: string, problems: ConfigProblem[]): Plain {
  try {
    const parsed: unknown = parseYaml(readFileSync(path, 'utf8'));
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push({ setting: path, source: path, received: parsed, allowed: 'the file must hold a YAML mapping' });
      return {};
    }
    return parsed as Plain;
  } catch (err) {
    problems.push({
      setting: path,
      source: path,
      received: '(unreadable)',
      allowed: `must be readable YAML: ${(err as Error).message}`,
    });
    return {};
  }
}

/** `<NAME>_FILE` wins over `<NAME>` for secrets, as with the Docker and Kubernetes convention. */
function readEnvValue(
  name: string,
  secret: boolean,
  env: NodeJS.ProcessEnv,
  problems: ConfigProblem[],
): string | undefined {
  const filePath = secret ? env[`${name}_FILE`] : undefined;
  if (filePath) {
    try {
      return readFileSync(filePath, 'utf8').trim();
    } catch {
      problems.push({
        setting: `${name}_FILE`,
        source: `env ${name}_FILE`,
        received: filePath,
        allowed: 'must name a readable file',
      });
      return undefined;
    }
  }
  const value = env[name];
  return value === undefined ? undefined : value;
}

/** Converts an env string; a value that does not convert is passed on as-is so validation names it. */
function coerce(raw: string, kind: EnvKind): unknown {
  const text = raw.trim();
  switch (kind) {
    case 'int':
    case 'number': {
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? n : raw;
    }
    case 'bool':
      if (/^(true|1|yes)$/i.test(text)) return true;
      if (/^(false|0|no)$/i.test(text)) return false;
      return raw;
    case 'list':
      return text === ''
        ? []
        : text
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    default:
      return raw;
  }
}

function deepMerge(target: Plain, source: Plain): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isPlain(value) && isPlain(existing)) deepMerge(existing, value);
    else target[key] = value;
  }
}

function setPath(target: Plain, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isPlain(node[key])) node[key] = {};
    node = node[key] as Plain;
  }
  node[keys[keys.length - 1]] = value;
}

function getPath(source: Plain, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isPlain(node) ? node[key] : undefined), source);
}

function recordSources(node: Plain, prefix: string, source: string, sources: Map<string, string>): void {
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlain(value)) recordSources(value, path, source, sources);
    else sources.set(path, source);
  }
}

function collectProblems(
  error: ValidationError,
  prefix: string,
  raw: Plain,
  sources: Map<string, string>,
  out: ConfigProblem[],
): void {
  const path = prefix ? `${prefix}.${error.property}` : error.property;
  if (error.constraints) {
    const received = getPath(raw, path);
    const allowed = Object.entries(error.constraints)
      .sort(([a], [b]) => constraintOrder(a) - constraintOrder(b))
      .map(([name, message]) =>
        name === 'whitelistValidation'
          ? 'is not a known setting'
          : message.replace(new RegExp(`^${error.property} `), ''),
      )
      .join('; ');
    out.push({
      setting: path,
      source: sources.get(path) ?? 'defaults',
      received: received === undefined ? '(missing)' : received,
      allowed,
    });
  }
  for (const child of error.children ?? []) collectProblems(child, path, raw, sources, out);
}

/** Type constraints read first, then bounds: "must be an integer; must not be less than 0; …". */
function constraintOrder(name: string): number {
  if (name.startsWith('is')) return 0;
  if (name === 'min') return 1;
  if (name === 'max') return 2;
  return 3;
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
