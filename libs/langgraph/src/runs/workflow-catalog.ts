import { Injectable, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import { AppError, BaseConfig, LanggraphSettings, ValidationCore } from '@app/infrastructure';
import { TASK_TYPE_CATALOG } from '@app/handit';
import { WorkflowCheckpointer } from '../checkpoint/workflow-checkpointer';
import type { WorkflowDefinition } from '../definition/definition.types';
import { validateDefinition, ValidationContext } from '../definition/definition.validator';
import { compileDefinition, definitionOutput } from '../graph/compile-definition';
import { AgentExecutor } from '../graph/executors/agent.executor';
import { MemoryExecutor } from '../graph/executors/memory.executor';
import { RiskGateExecutor } from '../graph/executors/risk-gate.executor';
import { TaskExecutor } from '../graph/executors/task.executor';
import type { CompiledWorkflowGraph } from '../graph/graph-types';
import { NodeRuntime } from '../graph/node-runtime';
import type { WorkflowStateValue } from '../graph/state';
import { WORKFLOW_TEMPLATES, WorkflowTemplate } from '../templates';
import { WorkflowRepository } from '../persistence/workflow.repository';
import { LruMap } from './lru-map';
import type { Run, RunSource } from './run.types';
import type { StoredWorkflow } from './workflow.types';

/** A workflow a run can execute: a template, or a definition (registered or inline). */
export interface ResolvedWorkflow {
  name: string;
  version: number;
  source: RunSource;
  template: WorkflowTemplate | null;
  definition: WorkflowDefinition | null;
}

/** Finds workflows by name and version, validates definitions, and compiles graphs (LRU-cached). */
@Injectable()
export class WorkflowCatalog {
  private readonly settings: LanggraphSettings;
  private readonly compiled: LruMap<string, CompiledWorkflowGraph>;
  private readonly validation: ValidationCore;

  constructor(
    config: BaseConfig,
    private readonly repository: WorkflowRepository,
    private readonly checkpointer: WorkflowCheckpointer,
    private readonly runtime: NodeRuntime,
    private readonly tasks: TaskExecutor,
    private readonly memory: MemoryExecutor,
    private readonly agents: AgentExecutor,
    private readonly gates: RiskGateExecutor,
    // Optional in the container (optional.validation may be off); workflows validate either way.
    @Optional() validation?: ValidationCore,
  ) {
    this.validation = validation ?? new ValidationCore();
    this.settings = config.values.aiComponents.langgraph;
    this.compiled = new LruMap(this.settings.compiledCacheSize);
  }

  templates(): readonly WorkflowTemplate[] {
    return WORKFLOW_TEMPLATES;
  }

  template(name: string): WorkflowTemplate | undefined {
    return WORKFLOW_TEMPLATES.find((t) => t.name === name);
  }

  validationContext(): ValidationContext {
    return {
      taskTypes: TASK_TYPE_CATALOG.map((t) => t.type),
      agentsAvailable: this.agents.available,
      maxNodes: this.settings.maxNodes,
      maxTimeoutMs: 3_600_000,
    };
  }

  /** Validates a definition (400 naming each problem) and returns it typed. */
  check(raw: unknown, prefix = ''): WorkflowDefinition {
    const problems = validateDefinition(raw, this.validationContext());
    const definition = raw as WorkflowDefinition;
    if (!problems.length && definition.inputSchema) {
      try {
        this.validation.validateSchema(definition.inputSchema, undefined);
      } catch (error) {
        if (!(error instanceof AppError))
          problems.push({ field: 'inputSchema', message: `is not a valid JSON Schema: ${(error as Error).message}` });
      }
    }
    if (!problems.length && this.template(definition.name))
      problems.push({ field: 'name', message: `"${definition.name}" is a shipped template; choose another name` });
    if (problems.length)
      throw AppError.validation(
        problems.map((p) => ({ ...p, field: prefix ? `${prefix}.${p.field}` : p.field })).slice(0, 50),
      );
    return definition;
  }

  async register(tenant: string, principalId: string | null, raw: unknown): Promise<StoredWorkflow> {
    const definition = this.check(raw);
    if ((await this.repository.count(tenant)) >= this.settings.maxWorkflows) {
      throw new AppError(
        'CONFLICT',
        `This tenant has ${this.settings.maxWorkflows} registered workflow versions, the maximum`,
      );
    }
    return this.repository.insertNextVersion(tenant, definition, principalId);
  }

  /** `workflow` is a template or registered name, or an inline definition. */
  async resolve(
    tenant: string,
    workflow: string | Record<string, unknown>,
    version?: number,
  ): Promise<ResolvedWorkflow> {
    if (typeof workflow !== 'string') {
      const definition = this.check(workflow, 'workflow');
      return { name: definition.name, version: 0, source: 'inline', template: null, definition };
    }
    const template = this.template(workflow);
    if (template) {
      if (version !== undefined && version !== template.version)
        throw AppError.notFound('workflow version', `${workflow}@${version}`);
      return { name: template.name, version: template.version, source: 'template', template, definition: null };
    }
    const stored = await this.repository.find(tenant, workflow, version);
    if (!stored)
      throw AppError.notFound(
        version === undefined ? 'workflow' : 'workflow version',
        version === undefined ? workflow : `${workflow}@${version}`,
      );
    return {
      name: stored.name,
      version: stored.version,
      source: 'registered',
      template: null,
      definition: stored.definition,
    };
  }

  /** The workflow a stored run executes, on the version it recorded. */
  async forRun(run: Run): Promise<ResolvedWorkflow> {
    if (run.source === 'inline')
      return { name: run.workflow, version: 0, source: 'inline', template: null, definition: run.definition };
    return this.resolve(run.tenant, run.workflow, run.version);
  }

  validateInput(resolved: ResolvedWorkflow, input: unknown): void {
    const schema = resolved.template?.inputSchema ?? resolved.definition?.inputSchema;
    if (schema) this.validation.validateSchema(schema, input, 'input');
  }

  graph(resolved: ResolvedWorkflow, tenant: string): CompiledWorkflowGraph {
    const key =
      resolved.source === 'template'
        ? `template:${resolved.name}:${resolved.version}`
        : resolved.source === 'registered'
          ? `registered:${tenant}:${resolved.name}:${resolved.version}`
          : `inline:${createHash('sha256').update(stableStringify(resolved.definition)).digest('hex')}`;
    let graph = this.compiled.get(key);
    if (!graph) {
      const { runtime, tasks, memory, agents, gates } = this;
      const executors = { runtime, tasks, memory, agents, gates };
      graph = resolved.template
        ? resolved.template.build(
            { ...executors, approvalNotional: this.settings.approvalNotional },
            this.checkpointer.saver,
          )
        : compileDefinition(resolved.definition as WorkflowDefinition, executors, this.checkpointer.saver);
      this.compiled.set(key, graph);
    }
    return graph;
  }

  output(resolved: ResolvedWorkflow, state: Partial<WorkflowStateValue>): unknown {
    return resolved.template
      ? resolved.template.result(state)
      : definitionOutput(resolved.definition as WorkflowDefinition, state);
  }

  /** What the graph is invoked with for a run's input: the state itself, or `{ input }` of WorkflowState. */
  graphInput(resolved: ResolvedWorkflow, input: unknown): unknown {
    return resolved.template?.stateInput ? input : { input };
  }

  /** Recursion bound for LangGraph: every node may run its maxVisits times (1 when unset). */
  recursionLimit(resolved: ResolvedWorkflow): number {
    if (!resolved.definition) return 100;
    return resolved.definition.nodes.reduce((sum, n) => sum + (n.maxVisits ?? 1), 0) + 10;
  }
}
