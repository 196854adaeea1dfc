import type { AppConfig } from '../core/config/config.schema';

/** `embedded` (SQLite, in-process) or `distributed` (PostgreSQL + Redis). */
export const DEPLOYMENT_MODES = ['embedded', 'distributed'] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/** The validated, effective configuration. Loaded and validated once, before the app starts. */
export abstract class BaseConfig {
  abstract readonly values: AppConfig;
  /** The effective configuration with every secret replaced by a mask, safe to show in /status. */
  abstract masked(): Record<string, unknown>;
  abstract readonly mode: DeploymentMode;
}
