import { Injectable } from '@nestjs/common';
import { AppError, AuditLog, HanditSettings, isSystemAdmin, type Principal } from '@app/infrastructure';
import { ASSET_CLASSES, type AssetClass } from '../quant';
import type { TaskType } from '../tasks/task.types';
import { ModelRegistry, type ModelVersionView } from '../models/model-registry';
import { ModelRegistryRepository } from '../persistence/model-registry.repository';
import { validateEngineParameters } from './engine-parameters';
import {
  checkAssetClasses,
  checkExternal,
  checkSplit,
  checkSticky,
  checkTaskTypes,
  checkVersionName,
  type Problem,
} from './governance-validation';
import {
  MODEL_ID_PATTERN,
  type ExternalEndpoint,
  type ModelVersion,
  type RoutingRule,
  type SplitEntry,
  type StickyKey,
  type UserModel,
  type VersionParameters,
  type VersionStatus,
} from './governance.types';
import { RegistrySync } from './registry-sync';
import { VersionFactory } from './version-factory';

/** A version as an admin defines it: a built-in engine with parameters, or an external endpoint. */
export interface VersionInput {
  version: string;
  engine?: string;
  parameters?: VersionParameters;
  external?: ExternalEndpoint;
  status?: VersionStatus;
  fallbackVersion?: string;
}

export interface ModelInput extends Omit<VersionInput, 'version'> {
  id: string;
  name: string;
  description?: string;
  taskTypes?: TaskType[];
  assetClasses?: AssetClass[];
  version?: string;
}

export interface RuleInput {
  tenant?: string;
  split: SplitEntry[];
  sticky?: { by: StickyKey; header?: string } | null;
}

// The routing table is held in memory whole: these bound it whatever admins do.
const MAX_USER_MODELS = 200;
const MAX_VERSIONS_PER_MODEL = 50;
const MAX_RULES_PER_MODEL = 1000;

/**
 * Admin use cases of the model registry: models and versions (system admins, as they serve every
 * tenant), routing rules (a tenant's admin for the tenant, a system admin for every tenant).
 * Each change is stored, audited with what changed, and applied to the routing table at once
 * (other replicas: within the refresh interval), without a restart.
 */
@Injectable()
export class ModelGovernanceService {
  private readonly secretPrefix: string;

  constructor(
    settings: HanditSettings,
    private readonly registry: ModelRegistry,
    private readonly repository: ModelRegistryRepository,
    private readonly sync: RegistrySync,
    private readonly factory: VersionFactory,
    private readonly audit: AuditLog,
  ) {
    this.secretPrefix = settings.governance.secretPrefix;
  }

  async createModel(caller: Principal, input: ModelInput): Promise<ModelVersionView> {
    requireSystem(caller, 'define models');
    const problems: Problem[] = [];
    if (!MODEL_ID_PATTERN.test(input.id))
      problems.push({ field: 'id', message: 'must be 3-64 lower-case letters, digits and dashes' });
    const engine = input.engine ? this.factory.engine(input.engine) : undefined;
    if (!input.external && !engine)
      problems.push({
        field: 'engine',
        message: `must name a built-in model (${this.builtInIds()}), or give external`,
      });
    if (input.external && input.engine)
      problems.push({ field: 'engine', message: 'give engine or external, not both' });
    const engineTypes = engine?.describe().taskTypes;
    const taskTypes = input.taskTypes ?? engineTypes ?? [];
    problems.push(...checkTaskTypes(taskTypes, 'taskTypes', engineTypes));
    const assetClasses = input.assetClasses ?? engine?.describe().assetClasses ?? [...ASSET_CLASSES];
    problems.push(...checkAssetClasses(assetClasses, 'assetClasses'));
    const version = input.version ?? 'v1';
    problems.push(...checkVersionName(version), ...this.definitionProblems(input, taskTypes));
    if (input.fallbackVersion !== undefined)
      problems.push({ field: 'fallbackVersion', message: 'a first version has no other version to fall back to' });
    if (problems.length) throw AppError.validation(problems);
    if (this.registry.isBuiltIn(input.id) || this.has(input.id))
      throw new AppError('CONFLICT', `Model '${input.id}' already exists`, { id: input.id });
    if (this.registry.list().length - this.registry.builtIns.length >= MAX_USER_MODELS)
      throw new AppError('CONFLICT', `At most ${MAX_USER_MODELS} models may be defined`, { max: MAX_USER_MODELS });

    const now = new Date();
    const model: UserModel = {
      id: input.id,
      name: input.name,
      description: input.description ?? '',
      taskTypes,
      assetClasses,
      createdBy: caller.id,
      createdAt: now,
    };
    const first = this.versionOf(input.id, { ...input, version, status: 'active' }, caller, now);
    await this.write(() => this.repository.createModel(model, first), input.id);
    await this.record(caller, 'model.created', input.id, { version, engine: first.engine, external: !!first.external });
    return this.registry.version(input.id, version);
  }

  async addVersion(caller: Principal, modelId: string, input: VersionInput): Promise<ModelVersionView> {
    requireSystem(caller, 'add model versions');
    const entry = this.registry.entry(modelId);
    const taskTypes = this.registry.get(modelId).describe().taskTypes;
    // A built-in model's versions run its engine; a defined model's default to its champion's engine.
    const ownEngine = entry.builtIn ? modelId : (entry.champion?.info.engine ?? undefined);
    const engine = input.external ? input.engine : (input.engine ?? ownEngine);
    const problems = [...checkVersionName(input.version), ...this.definitionProblems({ ...input, engine }, taskTypes)];
    if (entry.builtIn && engine && engine !== modelId)
      problems.push({ field: 'engine', message: `a version of ${modelId} runs its own engine (${modelId})` });
    if (!input.external && !engine) problems.push({ field: 'engine', message: 'give engine or external' });
    if (input.fallbackVersion !== undefined)
      problems.push(...this.fallbackProblems(modelId, input.version, input.fallbackVersion));
    if (problems.length) throw AppError.validation(problems);
    if (entry.versions.has(input.version))
      throw new AppError('CONFLICT', `Version ${modelId}@${input.version} already exists`, { version: input.version });
    if (entry.versions.size >= MAX_VERSIONS_PER_MODEL)
      throw new AppError('CONFLICT', `A model has at most ${MAX_VERSIONS_PER_MODEL} versions`, {
        max: MAX_VERSIONS_PER_MODEL,
      });

    const version = this.versionOf(modelId, { ...input, engine }, caller, new Date());
    await this.write(() => this.repository.createVersion(version), modelId);
    await this.record(caller, 'model.version.created', `${modelId}@${input.version}`, {
      status: version.status,
      engine: version.engine,
      external: !!version.external,
      parameters: version.parameters,
    });
    return this.registry.version(modelId, input.version);
  }

  /** Moves a version to another status and/or sets its fallback. */
  async updateVersion(
    caller: Principal,
    modelId: string,
    versionName: string,
    change: { status?: VersionStatus; fallbackVersion?: string | null },
  ): Promise<ModelVersionView> {
    requireSystem(caller, 'change model versions');
    const current = this.registry.version(modelId, versionName).info;
    if (change.fallbackVersion) {
      const problems = this.fallbackProblems(modelId, versionName, change.fallbackVersion);
      if (problems.length) throw AppError.validation(problems);
    }
    const status = change.status ?? current.status;
    const entry = this.registry.entry(modelId);
    const othersActive = [...entry.versions.values()].some(
      (v) => v.info.version !== versionName && v.info.status === 'active',
    );
    if (current.status === 'active' && status !== 'active' && !othersActive)
      throw new AppError(
        'CONFLICT',
        `${modelId}@${versionName} is the model's last active version; activate another first`,
        {
          status: current.status,
        },
      );
    const next: ModelVersion = {
      ...current,
      status,
      fallbackVersion: change.fallbackVersion === undefined ? current.fallbackVersion : change.fallbackVersion,
      updatedAt: new Date(),
    };
    await this.write(() => this.repository.saveVersion(next), modelId);
    await this.record(caller, 'model.version.updated', `${modelId}@${versionName}`, {
      from: { status: current.status, fallbackVersion: current.fallbackVersion },
      to: { status: next.status, fallbackVersion: next.fallbackVersion },
    });
    return this.registry.version(modelId, versionName);
  }

  /** The rules of a model a caller may see: every tenant's rule and its own tenant's (a system admin: all). */
  rules(caller: Principal, modelId: string): RoutingRule[] {
    const entry = this.registry.entry(modelId);
    return [...entry.rules.values()].filter(
      (r) => r.tenant === null || r.tenant === caller.tenant || isSystemAdmin(caller),
    );
  }

  async setRule(caller: Principal, modelId: string, input: RuleInput): Promise<RoutingRule> {
    const tenant = this.ruleScope(caller, input.tenant);
    const entry = this.registry.entry(modelId);
    const problems = [
      ...checkSplit(input.split, (v) => entry.versions.get(v)?.info.status),
      ...checkSticky(input.sticky),
    ];
    if (problems.length) throw AppError.validation(problems);
    const before = entry.rules.get(tenant ?? '') ?? null;
    if (!before && entry.rules.size >= MAX_RULES_PER_MODEL)
      throw new AppError('CONFLICT', `A model has at most ${MAX_RULES_PER_MODEL} routing rules`, {
        max: MAX_RULES_PER_MODEL,
      });
    const rule: RoutingRule = {
      modelId,
      tenant,
      split: input.split.map((s) => ({ version: s.version, weight: s.weight })),
      sticky: input.sticky
        ? { by: input.sticky.by, ...(input.sticky.header ? { header: input.sticky.header } : {}) }
        : null,
      updatedBy: caller.id,
      updatedAt: new Date(),
    };
    await this.write(() => this.repository.saveRule(rule), modelId);
    await this.record(caller, 'model.routing.set', modelId, {
      scope: tenant ?? '*',
      from: before ? { split: before.split, sticky: before.sticky } : null,
      to: { split: rule.split, sticky: rule.sticky },
    });
    return rule;
  }

  async deleteRule(caller: Principal, modelId: string, requestedTenant?: string): Promise<void> {
    const tenant = this.ruleScope(caller, requestedTenant);
    const before = this.registry.entry(modelId).rules.get(tenant ?? '');
    if (!before) throw AppError.notFound('routing rule', `${modelId} (${tenant ?? 'every tenant'})`);
    await this.write(() => this.repository.deleteRule(modelId, tenant), modelId);
    await this.record(caller, 'model.routing.deleted', modelId, {
      scope: tenant ?? '*',
      from: { split: before.split, sticky: before.sticky },
    });
  }

  /** A tenant admin sets its own tenant's rule; the every-tenant rule and other tenants' are a system admin's. */
  private ruleScope(caller: Principal, tenant: string | undefined): string | null {
    if (tenant === undefined) {
      requireSystem(caller, 'route every tenant; give tenant to route your own');
      return null;
    }
    if (tenant !== caller.tenant && !isSystemAdmin(caller))
      throw new AppError('FORBIDDEN', 'Only a system admin routes another tenant', { tenant, requiredRole: 'system' });
    return tenant;
  }

  private definitionProblems(input: Omit<VersionInput, 'version'>, taskTypes: readonly TaskType[]): Problem[] {
    const problems: Problem[] = [];
    if (input.external) {
      problems.push(...checkExternal(input.external, this.secretPrefix));
      if (input.parameters && Object.keys(input.parameters).length)
        problems.push({ field: 'parameters', message: 'an external model takes no engine parameters' });
    } else if (input.engine) {
      const engine = this.factory.engine(input.engine);
      if (!engine) problems.push({ field: 'engine', message: `must name a built-in model (${this.builtInIds()})` });
      else problems.push(...validateEngineParameters(taskTypes, input.parameters));
    }
    return problems;
  }

  private fallbackProblems(modelId: string, version: string, fallback: string): Problem[] {
    const target = this.registry.entry(modelId).versions.get(fallback);
    if (fallback === version) return [{ field: 'fallbackVersion', message: 'must be another version' }];
    if (!target) return [{ field: 'fallbackVersion', message: `no version '${fallback}'` }];
    if (target.info.status === 'retired') return [{ field: 'fallbackVersion', message: 'is retired' }];
    return [];
  }

  private versionOf(modelId: string, input: VersionInput, caller: Principal, now: Date): ModelVersion {
    return {
      modelId,
      version: input.version,
      engine: input.external ? null : (input.engine ?? null),
      external: input.external
        ? {
            protocol: input.external.protocol,
            url: input.external.url,
            ...(input.external.model ? { model: input.external.model } : {}),
            timeoutMs: input.external.timeoutMs,
            ...(input.external.secretRef ? { secretRef: input.external.secretRef } : {}),
            ...(input.external.authHeader ? { authHeader: input.external.authHeader } : {}),
          }
        : null,
      parameters: input.parameters ?? {},
      status: input.status ?? 'active',
      fallbackVersion: input.fallbackVersion ?? null,
      builtIn: this.registry.isBuiltIn(modelId),
      createdBy: caller.id,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Stores a change and applies it here at once; a unique-key race is a 409. */
  private async write(change: () => Promise<unknown>, id: string): Promise<void> {
    try {
      await change();
    } catch (err) {
      if (/unique|duplicate|primary key/i.test((err as Error).message))
        throw new AppError('CONFLICT', `A concurrent change to '${id}' won`, { id });
      throw err;
    }
    await this.sync.reload();
  }

  private record(caller: Principal, action: string, target: string, details: Record<string, unknown>) {
    return this.audit.record({
      action,
      outcome: 'success',
      principalId: caller.id,
      tenant: caller.tenant,
      target,
      details,
    });
  }

  private has(id: string): boolean {
    try {
      this.registry.entry(id);
      return true;
    } catch {
      return false;
    }
  }

  private builtInIds(): string {
    return this.registry.builtIns.map((m) => m.describe().id).join(', ');
  }
}

function requireSystem(caller: Principal, what: string): void {
  if (!isSystemAdmin(caller))
    throw new AppError('FORBIDDEN', `Only a system admin may ${what}`, { requiredRole: 'system', role: caller.role });
}
