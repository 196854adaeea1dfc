import {
  DEPLOYMENT_MODES,
  LIFECYCLE_PHASES,
  type CacheStats,
  type ComponentStatus,
  type DatabaseDialect,
  type DeploymentMode,
  type LifecyclePhase,
} from '@app/infrastructure';
import { HALT_STATE_SCHEMA } from '../workflows/risk.presenter';

/** What every caller of /status sees; `halt` is the presented kill-switch state, when workflows run. */
export interface StatusFacts {
  readonly service: string;
  readonly version: string;
  readonly node: string;
  readonly phase: LifecyclePhase;
  readonly uptimeSeconds: number;
  readonly mode: DeploymentMode;
  readonly halt?: unknown;
}

/** What only the system admin sees: it describes every tenant's work and the deployment. */
export interface StatusDetails {
  readonly database: { readonly dialect: DatabaseDialect; readonly location: string };
  readonly cache: CacheStats;
  readonly config: Record<string, unknown>;
}

/**
 * The API's view of the service's status. Without details (any caller but the system admin) each
 * component shows only its state.
 */
export function presentStatus(
  facts: StatusFacts,
  components: Record<string, ComponentStatus>,
  details?: StatusDetails,
) {
  const shared = {
    service: facts.service,
    version: facts.version,
    node: facts.node,
    phase: facts.phase,
    uptimeSeconds: facts.uptimeSeconds,
    mode: facts.mode,
    ...(facts.halt !== undefined ? { halt: facts.halt } : {}),
  };
  if (!details) {
    return {
      ...shared,
      components: Object.fromEntries(Object.entries(components).map(([name, c]) => [name, { state: c.state }])),
    };
  }
  return {
    ...shared,
    database: { dialect: details.database.dialect, location: details.database.location },
    cache: details.cache,
    components,
    config: details.config,
  };
}

export const STATUS_SCHEMA = {
  type: 'object',
  properties: {
    service: { type: 'string', example: 'ai-orchestration-service' },
    version: { type: 'string', example: '0.1.0' },
    node: { type: 'string', example: 'v20.20.2' },
    phase: { type: 'string', enum: LIFECYCLE_PHASES },
    uptimeSeconds: { type: 'number', example: 42.5 },
    mode: { type: 'string', enum: DEPLOYMENT_MODES },
    database: { type: 'object', example: { dialect: 'sqlite', location: './data/orchestration.db' } },
    cache: {
      type: 'object',
      description: 'System admin only',
      example: { backend: 'memory', hits: 10, misses: 2, hitRatio: 0.83 },
    },
    halt: {
      ...HALT_STATE_SCHEMA,
      description: 'Kill switches: the global one and the caller’s tenant’s (the system admin: every tenant’s)',
    },
    components: {
      type: 'object',
      additionalProperties: true,
      description: 'State of each component; its details (counts of every tenant’s work) for the system admin only',
      example: { handit: { state: 'disabled' } },
    },
    config: {
      type: 'object',
      additionalProperties: true,
      description: 'Effective configuration, secrets masked (system admin only)',
      example: { server: { port: 8003 }, auth: { apiKeys: '***' } },
    },
  },
};
