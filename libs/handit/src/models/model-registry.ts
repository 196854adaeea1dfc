import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@app/infrastructure';
import type { TaskType } from '../tasks/task.types';
import { DEFAULT_MODEL_FOR_TYPE } from './quant-model-specs';
import { ModelDescriptor, SPECIALIST_MODELS, SpecialistModel } from './specialist-model';

/** All specialist models by id, and the router that picks one for a task. */
@Injectable()
export class ModelRegistry {
  private readonly byId = new Map<string, SpecialistModel>();

  constructor(@Inject(SPECIALIST_MODELS) models: SpecialistModel[]) {
    for (const model of models) this.byId.set(model.describe().id, model);
  }

  list(): ModelDescriptor[] {
    return [...this.byId.values()].map((m) => m.describe());
  }

  find(id: string): SpecialistModel | undefined {
    return this.byId.get(id);
  }

  get(id: string): SpecialistModel {
    const model = this.byId.get(id);
    if (!model) throw AppError.notFound('model', id);
    return model;
  }

  /**
   * The model for a task: the one named, else one serving the type for the input's asset class,
   * else the type's default. A named model that cannot serve the type is a validation error;
   * an unavailable one is PROVIDER_UNAVAILABLE.
   */
  route(type: TaskType, modelId: string | undefined, assetClass: unknown): SpecialistModel {
    let model: SpecialistModel | undefined;
    if (modelId) {
      model = this.byId.get(modelId);
      if (!model)
        throw AppError.validation([
          { field: 'model', message: `unknown model '${modelId}'; GET /api/v1/ai-orchestration/models lists them` },
        ]);
      if (!model.describe().taskTypes.includes(type)) {
        throw AppError.validation([
          {
            field: 'model',
            message: `model '${modelId}' does not serve ${type}; it serves ${model.describe().taskTypes.join(', ')}`,
          },
        ]);
      }
    } else {
      model =
        (typeof assetClass === 'string' &&
          [...this.byId.values()].find((m) => {
            const d = m.describe();
            return d.taskTypes.includes(type) && d.assetClasses.length === 1 && d.assetClasses[0] === assetClass;
          })) ||
        this.byId.get(DEFAULT_MODEL_FOR_TYPE[type]);
      if (!model) throw AppError.validation([{ field: 'type', message: `no model serves ${type}` }]);
    }
    const descriptor = model.describe();
    if (descriptor.status !== 'available') {
      throw new AppError(
        'PROVIDER_UNAVAILABLE',
        `Model '${descriptor.id}' is unavailable: ${descriptor.statusReason ?? 'not configured'}`,
        { model: descriptor.id },
      );
    }
    return model;
  }
}
