import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@app/infrastructure';
import type { TaskType } from '../tasks/task.types';
import type { ModelVersion } from '../governance/governance.types';
import { RoutingTable, type ModelEntry, type VersionEntry } from '../governance/routing-table';
import { pickVersion, routingPoint } from '../governance/split';
import { DEFAULT_MODEL_FOR_TYPE } from './quant-model-specs';
import { ModelDescriptor, SPECIALIST_MODELS, SpecialistModel } from './specialist-model';

/** What routing needs to know of a task: its type, the model (maybe `id@version`), and the sticky keys. */
export interface RouteRequest {
  type: TaskType;
  model?: string;
  assetClass?: unknown;
  tenant: string;
  symbol?: unknown;
  headers?: Readonly<Record<string, string | string[] | undefined>>;
}

/** The version a task runs on, and why. */
export interface RoutedModel {
  model: SpecialistModel;
  modelId: string;
  version: string;
  /** The version routing chose before its open circuit sent the task to this fallback. */
  fallbackFrom?: string;
}

/** A version as listed: its stored facts and how it describes itself. */
export interface ModelVersionView {
  info: ModelVersion;
  descriptor: ModelDescriptor;
  champion: boolean;
}

const EMPTY = { revision: -1, models: [], versions: [], rules: [] };

/**
 * All specialist models by id with their versions, and the router that picks a model and
 * version for a task. The routing table lives in memory and is swapped whole when the registry
 * changes (see RegistrySync), so routing a task costs no database read.
 */
@Injectable()
export class ModelRegistry {
  private table: RoutingTable;

  constructor(@Inject(SPECIALIST_MODELS) readonly builtIns: SpecialistModel[]) {
    this.table = RoutingTable.build(builtIns, EMPTY, () => undefined);
  }

  get revision(): number {
    return this.table.revision;
  }

  install(table: RoutingTable): void {
    this.table = table;
  }

  isBuiltIn(id: string): boolean {
    return this.builtIns.some((m) => m.describe().id === id);
  }

  /** Every model as its champion version describes it (a model whose versions are all retired, by its first). */
  list(): ModelDescriptor[] {
    return [...this.table.models.values()].flatMap((m) => {
      const shown = m.champion ?? m.versions.values().next().value;
      return shown ? [shown.model.describe()] : [];
    });
  }

  find(id: string): SpecialistModel | undefined {
    const entry = this.table.models.get(id);
    return (entry?.champion ?? entry?.versions.values().next().value)?.model;
  }

  get(id: string): SpecialistModel {
    const model = this.find(id);
    if (!model) throw AppError.notFound('model', id);
    return model;
  }

  /** A model's entry (404 when unknown). */
  entry(id: string): ModelEntry {
    const entry = this.table.models.get(id);
    if (!entry) throw AppError.notFound('model', id);
    return entry;
  }

  versions(id: string): ModelVersionView[] {
    const entry = this.entry(id);
    return [...entry.versions.values()].map((v) => view(entry, v));
  }

  version(id: string, version: string): ModelVersionView {
    const entry = this.entry(id);
    const found = entry.versions.get(version);
    if (!found) throw AppError.notFound('model version', `${id}@${version}`);
    return view(entry, found);
  }

  /**
   * The model instance of a task's version. A task accepted before its version's row was
   * removed, or stored before versions existed (`1.0.0`), runs on the model's champion.
   */
  forTask(modelId: string, version: string): SpecialistModel {
    const entry = this.table.models.get(modelId);
    const model = entry?.versions.get(version)?.model ?? this.find(modelId);
    if (!model) throw AppError.notFound('model', modelId);
    return model;
  }

  /** Where a task's version gets its answers (for span attributes); undefined for an unknown model. */
  providerOf(modelId: string, version: string): string | undefined {
    const entry = this.table.models.get(modelId);
    return (entry?.versions.get(version)?.model ?? this.find(modelId))?.describe().provider;
  }

  /** Shadow versions of a model other than `version`: they run on a copy of each champion task. */
  shadowsFor(modelId: string, version: string): VersionEntry[] {
    const entry = this.table.models.get(modelId);
    if (!entry || entry.shadows.length === 0) return [];
    return entry.shadows.filter((s) => s.info.version !== version);
  }

  /**
   * The model and version for a task: the version pinned (`id@version`), else the routing rule
   * of the tenant (or of every tenant) over active versions, else the champion. The model is the
   * one named, else one serving the type for the input's asset class, else the type's default.
   * A retired or unknown version, or a model that cannot serve the type, is VALIDATION_FAILED;
   * an unavailable model, or an open circuit with no fallback, is PROVIDER_UNAVAILABLE.
   */
  route(request: RouteRequest): RoutedModel {
    const { modelId, pinned } = this.parse(request.model);
    const entry = modelId ? this.named(modelId, request.type) : this.byType(request.type, request.assetClass);
    let chosen: VersionEntry | undefined;
    if (pinned !== undefined) {
      chosen = entry.versions.get(pinned);
      if (!chosen) throw modelProblem(`model ${entry.id} has no version '${pinned}'; GET its /versions to list them`);
      if (chosen.info.status === 'retired')
        throw modelProblem(`version ${entry.id}@${pinned} is retired and takes no new tasks`);
    } else {
      chosen = this.routed(entry, request);
      if (!chosen) throw modelProblem(`model ${entry.id} has no active version`);
    }
    available(chosen);
    const breaker = chosen.model.circuit?.();
    if (breaker?.refusing) {
      const fallback = pinned === undefined ? this.fallbackOf(entry, chosen) : undefined;
      if (!fallback) throw breaker.unavailable();
      return {
        model: fallback.model,
        modelId: entry.id,
        version: fallback.info.version,
        fallbackFrom: chosen.info.version,
      };
    }
    return { model: chosen.model, modelId: entry.id, version: chosen.info.version };
  }

  private parse(ref: string | undefined): { modelId?: string; pinned?: string } {
    if (!ref) return {};
    const at = ref.lastIndexOf('@');
    return at < 0 ? { modelId: ref } : { modelId: ref.slice(0, at), pinned: ref.slice(at + 1) };
  }

  private named(id: string, type: TaskType): ModelEntry {
    const entry = this.table.models.get(id);
    if (!entry) throw modelProblem(`unknown model '${id}'; GET /api/v1/ai-orchestration/models lists them`);
    const serves = this.find(id)?.describe().taskTypes ?? [];
    if (!serves.includes(type))
      throw modelProblem(`model '${id}' does not serve ${type}; it serves ${serves.join(', ')}`);
    return entry;
  }

  private byType(type: TaskType, assetClass: unknown): ModelEntry {
    const models = this.table.models;
    const specialist =
      typeof assetClass === 'string'
        ? [...models.values()].find((m) => {
            if (!m.builtIn) return false;
            const d = m.champion?.model.describe();
            return d && d.taskTypes.includes(type) && d.assetClasses.length === 1 && d.assetClasses[0] === assetClass;
          })
        : undefined;
    const entry = specialist ?? models.get(DEFAULT_MODEL_FOR_TYPE[type]);
    if (!entry) throw AppError.validation([{ field: 'type', message: `no model serves ${type}` }]);
    return entry;
  }

  private routed(entry: ModelEntry, request: RouteRequest): VersionEntry | undefined {
    const rule = entry.rules.get(request.tenant) ?? entry.rules.get('');
    if (rule) {
      const live = rule.split.filter((s) => entry.versions.get(s.version)?.info.status === 'active');
      const key = rule.sticky ? stickyKey(rule.sticky, request) : undefined;
      const version = pickVersion(live, routingPoint(entry.id, key));
      if (version) return entry.versions.get(version);
    }
    return entry.champion ?? undefined;
  }

  private fallbackOf(entry: ModelEntry, chosen: VersionEntry): VersionEntry | undefined {
    const name = chosen.info.fallbackVersion;
    const fallback = name ? entry.versions.get(name) : undefined;
    if (!fallback || fallback.info.status === 'retired' || fallback.model.circuit?.()?.refusing) return undefined;
    return fallback.model.describe().status === 'available' ? fallback : undefined;
  }
}

function stickyKey(sticky: { by: string; header?: string }, request: RouteRequest): string | undefined {
  if (sticky.by === 'tenant') return request.tenant;
  if (sticky.by === 'symbol') return typeof request.symbol === 'string' ? request.symbol : undefined;
  const value = sticky.header ? request.headers?.[sticky.header.toLowerCase()] : undefined;
  return Array.isArray(value) ? value[0] : value;
}

function available(chosen: VersionEntry): void {
  const descriptor = chosen.model.describe();
  if (descriptor.status !== 'available') {
    throw new AppError(
      'PROVIDER_UNAVAILABLE',
      `Model '${descriptor.id}' is unavailable: ${descriptor.statusReason ?? 'not configured'}`,
      { model: descriptor.id },
    );
  }
}

function modelProblem(message: string): AppError {
  return AppError.validation([{ field: 'model', message }]);
}

function view(entry: ModelEntry, v: VersionEntry): ModelVersionView {
  return { info: v.info, descriptor: v.model.describe(), champion: entry.champion === v };
}
