import { Injectable } from '@nestjs/common';
import { HanditSettings, ProviderBreakers, readSecretReference } from '@app/infrastructure';
import { ModelRegistry } from '../models/model-registry';
import type { SpecialistModel } from '../models/specialist-model';
import { ExternalModel } from './external-model';
import { isProviderFault } from './provider-call';
import type { ModelVersion, UserModel } from './governance.types';
import { EngineVersionModel } from './versioned-model';

/** The breaker name of an external model version (also its label on /metrics). */
export function externalBreakerName(modelId: string, version: string): string {
  return `external:${modelId}@${version}`;
}

/** Builds the model instance of a stored version: an engine with parameters, or an external endpoint. */
@Injectable()
export class VersionFactory {
  private readonly secretPrefix: string;

  constructor(
    settings: HanditSettings,
    private readonly registry: ModelRegistry,
    private readonly breakers: ProviderBreakers,
  ) {
    this.secretPrefix = settings.governance.secretPrefix;
  }

  /** The built-in model whose engine a version may use. */
  engine(id: string): SpecialistModel | undefined {
    return this.registry.builtIns.find((m) => m.describe().id === id);
  }

  /** A built-in model as the owner of an external version of it (same id, name and task types). */
  private ownerOf(id: string): UserModel | null {
    const d = this.engine(id)?.describe();
    if (!d) return null;
    const { name, description, taskTypes, assetClasses } = d;
    return { id, name, description, taskTypes, assetClasses, createdBy: null, createdAt: new Date(0) };
  }

  create(version: ModelVersion, owner: UserModel | null): SpecialistModel | undefined {
    if (version.external) {
      owner ??= this.ownerOf(version.modelId);
      if (!owner) return undefined;
      const breaker = this.breakers.get(externalBreakerName(version.modelId, version.version), isProviderFault);
      return new ExternalModel(owner, version, breaker, (name) => readSecretReference(name, this.secretPrefix));
    }
    const engine = version.engine ? this.engine(version.engine) : undefined;
    return engine ? new EngineVersionModel(engine, version, owner ?? undefined) : undefined;
  }
}
