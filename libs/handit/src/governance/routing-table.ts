import type { SpecialistModel } from '../models/specialist-model';
import { BUILT_IN_VERSION, type ModelVersion, type RoutingRule, type UserModel } from './governance.types';
import type { RegistryContents } from '../persistence/model-registry.repository';

/** One version with the model instance that runs it. */
export interface VersionEntry {
  info: ModelVersion;
  model: SpecialistModel;
}

/** A model with its versions (creation order), champion, shadows and routing rules. */
export interface ModelEntry {
  id: string;
  builtIn: boolean;
  owner: UserModel | null;
  versions: Map<string, VersionEntry>;
  /** The first active version: it serves routed tasks no rule sends elsewhere. */
  champion: VersionEntry | null;
  shadows: VersionEntry[];
  /** By tenant; '' is the rule for every tenant. */
  rules: Map<string, RoutingRule>;
}

/** Builds the model instance of a stored version; undefined when it cannot run (unknown engine). */
export type VersionFactory = (version: ModelVersion, owner: UserModel | null) => SpecialistModel | undefined;

/**
 * The routing table: built-in models (each with v1 as shipped), then the stored models, versions
 * and rules on top. Built once per registry revision and swapped whole, so a task reads a
 * consistent table without locks or database reads.
 */
export class RoutingTable {
  constructor(
    readonly revision: number,
    readonly models: ReadonlyMap<string, ModelEntry>,
  ) {}

  static build(
    builtIns: readonly SpecialistModel[],
    contents: RegistryContents,
    factory: VersionFactory,
  ): RoutingTable {
    const models = new Map<string, ModelEntry>();
    const epoch = new Date(0);
    for (const model of builtIns) {
      const id = model.describe().id;
      const info: ModelVersion = {
        modelId: id,
        version: BUILT_IN_VERSION,
        engine: id,
        external: null,
        parameters: {},
        status: 'active',
        fallbackVersion: null,
        builtIn: true,
        createdBy: null,
        createdAt: epoch,
        updatedAt: epoch,
      };
      models.set(id, entry(id, true, null, [{ info, model }]));
    }
    for (const owner of contents.models) {
      if (!models.has(owner.id)) models.set(owner.id, entry(owner.id, false, owner, []));
    }
    for (const version of contents.versions) {
      const target = models.get(version.modelId);
      if (!target) continue;
      const existing = target.versions.get(version.version);
      // A built-in v1's row only records its status and fallback; its engine is the shipped one.
      const model = existing && version.builtIn ? existing.model : factory(version, target.owner);
      if (!model) continue;
      target.versions.set(version.version, { info: { ...version, builtIn: target.builtIn }, model });
    }
    for (const rule of contents.rules) models.get(rule.modelId)?.rules.set(rule.tenant ?? '', rule);
    for (const target of models.values()) settle(target);
    return new RoutingTable(contents.revision, models);
  }
}

function entry(id: string, builtIn: boolean, owner: UserModel | null, versions: VersionEntry[]): ModelEntry {
  return {
    id,
    builtIn,
    owner,
    versions: new Map(versions.map((v) => [v.info.version, v])),
    champion: null,
    shadows: [],
    rules: new Map(),
  };
}

function settle(target: ModelEntry): void {
  const all = [...target.versions.values()];
  target.champion = all.find((v) => v.info.status === 'active') ?? null;
  target.shadows = all.filter((v) => v.info.status === 'shadow');
}
