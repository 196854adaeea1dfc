import { TaskExecutionError } from '../tasks/task-errors';
import type { TaskType } from '../tasks/task.types';
import type { ModelDescriptor, ModelInvocation, ModelOutput, SpecialistModel } from '../models/specialist-model';
import { applyParameters } from './engine-parameters';
import type { ModelVersion, UserModel } from './governance.types';

/**
 * One version of a model computed by a built-in engine: the engine's model with the version's
 * parameters applied to each input when it runs (so a shadow version gets the champion's input
 * as it was sent, and applies its own parameters). A user-defined model wraps its engine the
 * same way, under its own id, name and task types.
 */
export class EngineVersionModel implements SpecialistModel {
  constructor(
    private readonly engine: SpecialistModel,
    readonly version: ModelVersion,
    private readonly owner?: UserModel,
  ) {}

  describe(): ModelDescriptor {
    const base = this.engine.describe();
    const owner = this.owner;
    return {
      ...base,
      ...(owner
        ? {
            id: owner.id,
            name: owner.name,
            description: owner.description,
            taskTypes: owner.taskTypes,
            assetClasses: owner.assetClasses,
          }
        : {}),
      version: this.version.version,
      parameters: Object.keys(this.version.parameters).length
        ? { ...base.parameters, engine: base.id, versionParameters: this.version.parameters }
        : { ...base.parameters, ...(owner ? { engine: base.id } : {}) },
    };
  }

  validateInput(type: TaskType, input: unknown): { field: string; message: string }[] {
    return this.engine.validateInput(type, input);
  }

  prepareInput(type: TaskType, input: unknown): unknown {
    return this.engine.prepareInput(type, input);
  }

  /** The input the engine validates and runs on: the version's parameters filled in. */
  engineInput(type: TaskType, input: unknown): unknown {
    return applyParameters(type, input, this.version.parameters);
  }

  async execute(invocation: ModelInvocation): Promise<ModelOutput> {
    if (!this.describe().taskTypes.includes(invocation.type))
      throw new TaskExecutionError('VALIDATION_FAILED', `This model does not serve ${invocation.type}`, false);
    return this.engine.execute({ ...invocation, input: this.engineInput(invocation.type, invocation.input) });
  }
}
