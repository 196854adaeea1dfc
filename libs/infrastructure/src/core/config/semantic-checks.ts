import { parseApiKeys } from '../../security/api-keys';
import { parseIpAllowlist } from '../../security/ip-allowlist';
import type { AppConfig } from './config.schema';
import type { ConfigProblem } from './config-error';

/**
 * Checks that need more than a decorator: they parse the value the way the code that uses it
 * will, so a malformed API key or CIDR stops start-up with the setting named, not later.
 */
export function semanticProblems(config: AppConfig, sources: Map<string, string>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const check = (setting: string, received: unknown, parse: () => unknown) => {
    try {
      parse();
    } catch (err) {
      problems.push({ setting, source: sources.get(setting) ?? 'defaults', received, allowed: (err as Error).message });
    }
  };
  // Keys are secrets: the value is never echoed, only which entry is wrong.
  check('security.apiKeys', `(${config.security.apiKeys.length} entries)`, () => parseApiKeys(config.security.apiKeys));
  check('security.ipAllowlist', config.security.ipAllowlist, () => parseIpAllowlist(config.security.ipAllowlist));
  return problems;
}
