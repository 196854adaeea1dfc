import { ASSET_CLASS_PROFILES, AssetClass, QUANT_TASK_TYPES, QuantTaskType } from '../quant';
import { QuantExecutor } from '../execution/quant-executor';
import { quantUnits } from '../generations/generation-policy';
import type { TaskType } from '../tasks/task.types';
import { ModelDescriptor, ModelInvocation, ModelOutput, profileParameters, SpecialistModel } from './specialist-model';

export interface QuantModelSpec {
  id: string;
  name: string;
  version: string;
  description: string;
  assetClasses: AssetClass[];
  taskTypes: QuantTaskType[];
  /** The asset class whose domain parameters (annualisation, tick, hours) this model applies. */
  primaryAssetClass?: AssetClass;
}

/** Task types whose input carries an `assetClass` the model checks and fills in. */
const ASSET_CLASS_INPUTS: ReadonlySet<TaskType> = new Set(['technical_analysis', 'trading_signal', 'risk_assessment']);

/**
 * A built-in specialist: a deterministic quant engine with the domain parameters of its asset
 * class. Its number-crunching runs on the QuantExecutor (worker threads).
 */
export class QuantSpecialistModel implements SpecialistModel {
  constructor(
    private readonly spec: QuantModelSpec,
    private readonly executor: QuantExecutor,
  ) {}

  describe(): ModelDescriptor {
    const primary = this.spec.primaryAssetClass;
    return {
      id: this.spec.id,
      name: this.spec.name,
      version: this.spec.version,
      provider: 'quant',
      description: this.spec.description,
      assetClasses: this.spec.assetClasses,
      taskTypes: this.spec.taskTypes,
      status: 'available',
      parameters: primary ? profileParameters(ASSET_CLASS_PROFILES[primary]) : { multiAsset: true },
    };
  }

  validateInput(type: TaskType, input: unknown): { field: string; message: string }[] {
    if (!ASSET_CLASS_INPUTS.has(type) || !isObject(input) || input.assetClass === undefined) return [];
    if (!this.spec.assetClasses.includes(input.assetClass as AssetClass)) {
      return [
        {
          field: 'input.assetClass',
          message: `model ${this.spec.id} serves ${this.spec.assetClasses.join(', ')}, not ${String(input.assetClass)}`,
        },
      ];
    }
    return [];
  }

  prepareInput(type: TaskType, input: unknown): unknown {
    const primary = this.spec.primaryAssetClass;
    if (primary && ASSET_CLASS_INPUTS.has(type) && isObject(input) && input.assetClass === undefined) {
      return { ...input, assetClass: primary };
    }
    return input;
  }

  async execute(invocation: ModelInvocation): Promise<ModelOutput> {
    if (!(QUANT_TASK_TYPES as string[]).includes(invocation.type)) {
      throw new Error(`model ${this.spec.id} cannot run ${invocation.type}`);
    }
    const result = await this.executor.run(
      invocation.type as QuantTaskType,
      invocation.input,
      invocation.signal,
      invocation.progress,
    );
    return { result, units: quantUnits(invocation.input) };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
