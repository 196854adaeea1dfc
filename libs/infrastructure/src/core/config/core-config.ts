import { BaseConfig } from '../../base/base-config';
import { maskSecrets, maskUrlCredentials, MASK } from '../redaction/mask-secrets';
import { AppConfig } from './config.schema';
import { SECRET_PATHS } from './env-variables';

export class CoreConfig extends BaseConfig {
  readonly mode: 'embedded' | 'distributed';

  constructor(readonly values: AppConfig) {
    super();
    this.mode = values.database.url && values.redis.url ? 'distributed' : 'embedded';
  }

  masked(): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(this.values)) as Record<string, Record<string, unknown>>;
    copy.database.url = copy.database.url ? maskUrlCredentials(String(copy.database.url)) : '';
    copy.redis.url = copy.redis.url ? maskUrlCredentials(String(copy.redis.url)) : '';
    for (const path of SECRET_PATHS) {
      if (path === 'database.url' || path === 'redis.url') continue;
      maskPath(copy, path);
    }
    return maskSecrets(copy);
  }
}

function maskPath(target: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  const value = node[last];
  const empty = value === '' || (Array.isArray(value) && value.length === 0);
  if (!empty) node[last] = Array.isArray(value) ? value.map(() => MASK) : MASK;
}
