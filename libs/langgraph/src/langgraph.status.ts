import { Injectable } from '@nestjs/common';
import { BaseConfig, ContributesStatus, type ComponentStatus, type StatusContributor } from '@app/infrastructure';
import { WorkflowCheckpointer } from './checkpoint/workflow-checkpointer';
import { AgentExecutor } from './graph/executors/agent.executor';
import { RunExecutor } from './runs/run-executor';
import { WORKFLOW_TEMPLATES } from './templates';

/** /status: runs executing and waiting, where checkpoints live, whether agent nodes can run. */
@Injectable()
@ContributesStatus('langgraph')
export class LanggraphStatus implements StatusContributor {
  constructor(
    private readonly config: BaseConfig,
    private readonly executor: RunExecutor,
    private readonly checkpointer: WorkflowCheckpointer,
    private readonly agents: AgentExecutor,
  ) {}

  componentStatus(): ComponentStatus {
    if (!this.config.values.aiComponents.langgraph.enabled) return { state: 'disabled' };
    return {
      state: 'up',
      details: {
        checkpointer: this.checkpointer.kind,
        checkpoints: this.checkpointer.location,
        runs: this.executor.stats,
        templates: WORKFLOW_TEMPLATES.map((t) => `${t.name}@${t.version}`),
        agentNodes: this.agents.available ? 'available' : 'unavailable (no agent coordinator)',
      },
    };
  }
}
