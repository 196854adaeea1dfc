import { Injectable } from '@nestjs/common';
import { AppError, Clock, newId, Page, type FieldProblem } from '@app/infrastructure';
import { ModelRegistry, PRIORITIES, TASK_TYPE_CATALOG, type Priority } from '@app/handit';
import { DatasetRepository } from '../persistence/dataset.repository';
import { ExperimentRepository } from '../persistence/experiment.repository';
import { Evaluators } from '../evaluators/evaluate';
import { ExperimentRunner } from './experiment-runner';
import type { Experiment, ExperimentItem, ExperimentTarget } from './experiment.types';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,99}$/;
const MAX_PARAMETER_BYTES = 16 * 1024;

export interface CreateExperiment {
  name: string;
  datasetId: string;
  datasetVersion?: number;
  target: ExperimentTarget;
  evaluators: unknown;
  priority?: Priority;
}

/** One item of a comparison: both experiments' scores side by side, and b − a per score. */
export interface ComparedItem {
  itemId: string;
  position: number;
  a: Pick<ExperimentItem, 'status' | 'scores' | 'traceId'> | null;
  b: Pick<ExperimentItem, 'status' | 'scores' | 'traceId'> | null;
  delta: Record<string, number | null>;
}

/** Experiments of a tenant: a task type on a model (a model-version reference) over a dataset version. */
@Injectable()
export class ExperimentService {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly experiments: ExperimentRepository,
    private readonly runner: ExperimentRunner,
    private readonly models: ModelRegistry,
    private readonly clock: Clock,
  ) {}

  async create(tenant: string, createdBy: string | null, input: CreateExperiment): Promise<Experiment> {
    const problems: FieldProblem[] = [];
    if (!NAME.test(input.name ?? '')) problems.push({ field: 'name', message: `must match ${NAME.source}` });
    problems.push(...this.targetProblems(input.target));
    const { evaluators, problems: evaluatorProblems } = Evaluators.compile(input.evaluators);
    problems.push(...evaluatorProblems);
    if (input.priority !== undefined && !PRIORITIES.includes(input.priority))
      problems.push({ field: 'priority', message: `must be one of ${PRIORITIES.join(', ')}` });
    if (problems.length) throw AppError.validation(problems);
    if (evaluators?.judges.length && this.models.find('llm-analyst')?.describe().status !== 'available')
      throw new AppError('PROVIDER_UNAVAILABLE', 'llm_judge needs the LLM provider (LLM_BASE_URL and LLM_MODEL)', {
        field: 'evaluators',
      });
    const dataset = await this.datasets.find(tenant, input.datasetId);
    if (!dataset) throw AppError.notFound('dataset', input.datasetId);
    const version = input.datasetVersion ?? dataset.latestVersion;
    if (version < 1 || version > dataset.latestVersion)
      throw AppError.validation([
        { field: 'datasetVersion', message: `the dataset has versions 1 to ${dataset.latestVersion}` },
      ]);
    const items = await this.datasets.items(tenant, dataset.id, version);
    const experiment: Experiment = {
      id: newId(),
      tenant,
      name: input.name,
      datasetId: dataset.id,
      datasetVersion: version,
      target: input.target,
      evaluators: input.evaluators as Experiment['evaluators'],
      priority: input.priority ?? 'low',
      status: 'running',
      itemCount: items.length,
      summary: null,
      createdBy,
      createdAt: this.clock.now(),
      finishedAt: null,
    };
    await this.experiments.insert(
      experiment,
      items.map((i) => i.id),
    );
    this.runner.start(experiment);
    return experiment;
  }

  async get(tenant: string, id: string, waitMs = 0): Promise<Experiment> {
    if (waitMs > 0) await this.runner.settled(id, waitMs);
    const found = await this.experiments.find(tenant, id);
    if (!found) throw AppError.notFound('experiment', id);
    return found;
  }

  list(tenant: string, page: { limit?: number; cursor?: string }): Promise<Page<Experiment>> {
    return this.experiments.list(tenant, page);
  }

  async items(tenant: string, id: string): Promise<ExperimentItem[]> {
    await this.get(tenant, id);
    return this.experiments.items(tenant, id);
  }

  /** Two experiments of the tenant item by item (matched by dataset item id), with the score differences. */
  async compare(
    tenant: string,
    aId: string,
    bId: string,
  ): Promise<{ a: Experiment; b: Experiment; items: ComparedItem[] }> {
    const [a, b] = [await this.get(tenant, aId), await this.get(tenant, bId)];
    if (a.datasetId !== b.datasetId)
      throw AppError.validation([{ field: 'b', message: 'must be an experiment over the same dataset as a' }]);
    const [ia, ib] = [await this.experiments.items(tenant, a.id), await this.experiments.items(tenant, b.id)];
    const byB = new Map(ib.map((i) => [i.itemId, i]));
    const seen = new Set<string>();
    const items: ComparedItem[] = ia.map((x) => {
      seen.add(x.itemId);
      return pair(x.itemId, x.position, x, byB.get(x.itemId) ?? null);
    });
    for (const y of ib) if (!seen.has(y.itemId)) items.push(pair(y.itemId, y.position, null, y));
    return { a, b, items };
  }

  private targetProblems(target: ExperimentTarget | undefined): FieldProblem[] {
    if (!target || typeof target !== 'object') return [{ field: 'target', message: 'is required' }];
    const problems: FieldProblem[] = [];
    if (target.kind !== 'task') problems.push({ field: 'target.kind', message: "must be 'task'" });
    if (!TASK_TYPE_CATALOG.some((t) => t.type === target.taskType))
      problems.push({
        field: 'target.taskType',
        message: 'must be a task type of GET /api/v1/ai-orchestration/capabilities',
      });
    if (target.model !== undefined) {
      const model = this.models.find(target.model);
      if (!model) problems.push({ field: 'target.model', message: `model '${target.model}' does not exist` });
      else if (!model.describe().taskTypes.includes(target.taskType as never))
        problems.push({ field: 'target.model', message: `model '${target.model}' does not serve ${target.taskType}` });
    }
    if (
      target.modelVersion !== undefined &&
      (typeof target.modelVersion !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,63}$/.test(target.modelVersion))
    )
      problems.push({ field: 'target.modelVersion', message: 'must be a version reference of at most 64 characters' });
    if (target.parameters !== undefined) {
      if (typeof target.parameters !== 'object' || target.parameters === null || Array.isArray(target.parameters))
        problems.push({ field: 'target.parameters', message: 'must be an object (merged into each item input)' });
      else if (Buffer.byteLength(JSON.stringify(target.parameters)) > MAX_PARAMETER_BYTES)
        problems.push({
          field: 'target.parameters',
          message: `must serialise to at most ${MAX_PARAMETER_BYTES} bytes`,
        });
    }
    return problems;
  }
}

function pair(itemId: string, position: number, a: ExperimentItem | null, b: ExperimentItem | null): ComparedItem {
  const names = new Set([...Object.keys(a?.scores ?? {}), ...Object.keys(b?.scores ?? {})]);
  const delta: Record<string, number | null> = {};
  for (const name of names) {
    const x = a?.scores[name];
    const y = b?.scores[name];
    delta[name] = typeof x === 'number' && typeof y === 'number' ? y - x : null;
  }
  const view = (i: ExperimentItem | null) => (i ? { status: i.status, scores: i.scores, traceId: i.traceId } : null);
  return { itemId, position, a: view(a), b: view(b), delta };
}
