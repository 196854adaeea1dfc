import { Injectable } from '@nestjs/common';
import { startObservation, type LangfuseGeneration } from '@langfuse/tracing';
import { BaseConfig, type GenerationSettings } from '@app/infrastructure';
import type { GenerationDetails, ModelOutput, SpecialistModel } from '../models/specialist-model';
import type { ProgressReporter } from '../quant';
import type { Task } from '../tasks/task.types';
import { boundedCopy, captureAllowed, costOf, priceOf } from './generation-policy';

/**
 * Every model call as a Langfuse `generation` observation: model id and version, parameters,
 * usage (LLM tokens from the provider, quant units), cost from the price table, latency and
 * status, and, only when capture is on for the tenant and the model, its input and output cut
 * to `maxPayloadChars` (masking happens on span end, before any exporter). With capture off
 * nothing of the payload is copied, so the hot path stays as cheap as before.
 */
@Injectable()
export class ModelGenerations {
  private readonly settings: GenerationSettings;
  // A model's provider never changes; describe() builds a whole descriptor, too much per call.
  private readonly providers = new WeakMap<SpecialistModel, string>();

  constructor(config: BaseConfig) {
    this.settings = config.values.aiComponents.langfuse.generations;
  }

  async run(
    task: Task,
    model: SpecialistModel,
    signal: AbortSignal,
    progress?: ProgressReporter,
  ): Promise<ModelOutput> {
    let provider = this.providers.get(model);
    if (!provider) {
      provider = model.describe().provider;
      this.providers.set(model, provider);
    }
    const capture = captureAllowed(this.settings, task.tenant, task.modelId);
    const details: GenerationDetails = {};
    const generation = startObservation(
      `${provider === 'llm' ? 'llm' : 'quant'}.${task.type} ${task.modelId}`,
      {
        model: task.modelId,
        version: task.modelVersion,
        metadata: { taskId: task.id, taskType: task.type, provider, tenant: task.tenant },
        ...(capture && provider === 'quant' ? { input: this.cut(task.input) } : {}),
      },
      { asType: 'generation' },
    );
    // The store files the span under the task's tenant even when it runs from a stored carrier.
    generation.otelSpan.setAttributes({
      'tenant.id': task.tenant,
      'task.id': task.id,
      'gen_ai.operation.name': task.type,
      'gen_ai.request.model': task.modelId,
      'gen_ai.system': provider === 'llm' ? 'openai' : 'quant',
    });
    try {
      const output = await model.execute({
        taskId: task.id,
        tenant: task.tenant,
        type: task.type,
        input: task.input,
        signal,
        progress,
        generation: { capture, record: (d) => Object.assign(details, d) },
      });
      this.finish(generation, task, details, output, capture);
      return output;
    } catch (err) {
      this.describeCall(generation, details, capture);
      generation.update({ level: 'ERROR', statusMessage: (err as Error).message?.slice(0, 500) });
      generation.end();
      throw err;
    }
  }

  private finish(
    generation: LangfuseGeneration,
    task: Task,
    details: GenerationDetails,
    output: ModelOutput,
    capture: boolean,
  ): void {
    const usage = output.usage
      ? { inputTokens: output.usage.inputTokens, outputTokens: output.usage.outputTokens }
      : { units: output.units ?? 0 };
    const cost = costOf(priceOf(this.settings.prices, task.modelId, details.providerModel), usage);
    this.describeCall(generation, details, capture);
    generation.update({
      usageDetails: output.usage
        ? { input: output.usage.inputTokens, output: output.usage.outputTokens, total: output.usage.totalTokens }
        : { units: usage.units ?? 0 },
      ...(cost ? { costDetails: { ...cost } } : {}),
      ...(capture ? { output: this.cut(output.result) } : {}),
    });
    if (output.usage)
      generation.otelSpan.setAttributes({
        'gen_ai.usage.input_tokens': output.usage.inputTokens,
        'gen_ai.usage.output_tokens': output.usage.outputTokens,
      });
    generation.end();
  }

  /** What the model reported about the call: provider model, parameters, prompt, and (captured) input. */
  private describeCall(generation: LangfuseGeneration, details: GenerationDetails, capture: boolean): void {
    generation.update({
      ...(details.providerModel ? { model: details.providerModel } : {}),
      ...(details.parameters ? { modelParameters: details.parameters } : {}),
      ...(details.prompt ? { prompt: details.prompt } : {}),
      ...(capture && details.input !== undefined ? { input: this.cut(details.input) } : {}),
    });
    if (details.providerModel) generation.otelSpan.setAttribute('gen_ai.response.model', details.providerModel);
    // Named even when served from the fallback copy (the SDK links only fetched prompts).
    if (details.prompt)
      generation.otelSpan.setAttributes({
        'langfuse.observation.prompt.name': details.prompt.name,
        'langfuse.observation.prompt.version': details.prompt.version,
        'prompt.is_fallback': details.prompt.isFallback,
        ...(details.prompt.label ? { 'prompt.label': details.prompt.label } : {}),
      });
  }

  private cut(value: unknown): unknown {
    return boundedCopy(value, this.settings.maxPayloadChars);
  }
}
