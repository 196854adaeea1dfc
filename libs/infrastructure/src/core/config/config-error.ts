/** One invalid setting: where it came from, what was received and what is allowed. */
export interface ConfigProblem {
  setting: string;
  source: string;
  received: unknown;
  allowed: string;
}

/** Thrown by the loader; main.ts prints it and exits with code 1. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      'Invalid configuration:\n' +
        problems
          .map((p) => `  - ${p.setting} (from ${p.source}): received ${JSON.stringify(p.received)}; ${p.allowed}`)
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}
