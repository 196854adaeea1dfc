import { Injectable } from '@nestjs/common';
import { randomUUID as uuid7 } from 'node:crypto';
import { AppError } from '@app/infrastructure';
import { AssistantRepository } from '../persistence/assistant.repository';
import { contains } from '../persistence/thread.repository';
import { PlatformGraphs } from './platform-graphs';
import type { Assistant } from './platform.types';

export interface AssistantInput {
  graphId?: string;
  assistantId?: string;
  ifExists?: 'raise' | 'do_nothing';
  name?: string;
  description?: string | null;
  config?: Record<string, unknown>;
  context?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** How many assistants a search reads at most before matching metadata. */
const SCAN_LIMIT = 5_000;

/**
 * Assistants: versioned configurations of a graph. Every update adds a version and makes it the
 * latest; setLatest moves back. A graph id is also an assistant id (its default assistant, version 1,
 * empty configuration), as on LangGraph Platform.
 */
@Injectable()
export class AssistantService {
  constructor(
    private readonly assistants: AssistantRepository,
    private readonly graphs: PlatformGraphs,
  ) {}

  async create(tenant: string, input: AssistantInput): Promise<Assistant> {
    const graphId = input.graphId!;
    if (!(await this.graphs.exists(tenant, graphId))) throw AppError.notFound('graph', graphId);
    const assistantId = input.assistantId ?? uuid7();
    const existing = await this.assistants.find(tenant, assistantId);
    if (existing) {
      if (input.ifExists === 'do_nothing') return existing;
      throw new AppError('CONFLICT', `Assistant ${assistantId} already exists`, { assistantId });
    }
    const now = new Date();
    const assistant: Assistant = {
      tenant,
      assistantId,
      version: 1,
      graphId,
      name: input.name ?? graphId,
      description: input.description ?? null,
      config: input.config ?? {},
      context: input.context ?? {},
      metadata: input.metadata ?? {},
      latest: true,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.assistants.insert(assistant);
    } catch (error) {
      if (/unique|duplicate|constraint/i.test((error as Error).message))
        throw new AppError('CONFLICT', `Assistant ${assistantId} already exists`, { assistantId });
      throw error;
    }
    return assistant;
  }

  /** The latest version, a graph's default assistant, or 404. */
  async get(tenant: string, assistantId: string): Promise<Assistant> {
    const stored = await this.assistants.find(tenant, assistantId);
    if (stored) return stored;
    if (await this.graphs.exists(tenant, assistantId)) return defaultAssistant(tenant, assistantId);
    throw AppError.notFound('assistant', assistantId);
  }

  /** A new version from the latest with the given fields replaced; it becomes the latest. */
  async update(tenant: string, assistantId: string, input: AssistantInput): Promise<Assistant> {
    if (input.graphId && !(await this.graphs.exists(tenant, input.graphId)))
      throw AppError.notFound('graph', input.graphId);
    return this.assistants.transaction(async (db) => {
      const current = await this.assistants.find(tenant, assistantId, undefined, db);
      if (!current) throw AppError.notFound('assistant', assistantId);
      const now = new Date();
      const next: Assistant = {
        ...current,
        version: (await this.assistants.maxVersion(tenant, assistantId, db)) + 1,
        graphId: input.graphId ?? current.graphId,
        name: input.name ?? current.name,
        description: input.description !== undefined ? input.description : current.description,
        config: input.config ?? current.config,
        context: input.context ?? current.context,
        metadata: input.metadata ? { ...current.metadata, ...input.metadata } : current.metadata,
        latest: false,
        createdAt: now,
        updatedAt: now,
      };
      await this.assistants.insert(next, db);
      await this.assistants.setLatest(tenant, assistantId, next.version, db);
      return { ...next, latest: true };
    });
  }

  async delete(tenant: string, assistantId: string): Promise<void> {
    if (!(await this.assistants.delete(tenant, assistantId))) throw AppError.notFound('assistant', assistantId);
  }

  async search(
    tenant: string,
    query: { graphId?: string; name?: string; metadata?: Record<string, unknown>; limit: number; offset: number },
  ): Promise<Assistant[]> {
    const all = await this.assistants.latest(tenant, { graphId: query.graphId, name: query.name }, SCAN_LIMIT);
    return all
      .filter((a) => !query.metadata || contains(a.metadata, query.metadata))
      .slice(query.offset, query.offset + query.limit);
  }

  async count(
    tenant: string,
    query: { graphId?: string; name?: string; metadata?: Record<string, unknown> },
  ): Promise<number> {
    return (await this.search(tenant, { ...query, limit: SCAN_LIMIT, offset: 0 })).length;
  }

  async versions(
    tenant: string,
    assistantId: string,
    query: { metadata?: Record<string, unknown>; limit: number; offset: number },
  ) {
    await this.get(tenant, assistantId);
    const list = await this.assistants.versions(tenant, assistantId, SCAN_LIMIT, 0);
    return list
      .filter((a) => !query.metadata || contains(a.metadata, query.metadata))
      .slice(query.offset, query.offset + query.limit);
  }

  async setLatest(tenant: string, assistantId: string, version: number): Promise<Assistant> {
    return this.assistants.transaction(async (db) => {
      const target = await this.assistants.find(tenant, assistantId, version, db);
      if (!target) throw AppError.notFound('assistant version', `${assistantId}@${version}`);
      await this.assistants.setLatest(tenant, assistantId, version, db);
      return { ...target, latest: true };
    });
  }

  /** The graph's nodes and edges (LangGraph's drawable graph). */
  async graph(tenant: string, assistantId: string): Promise<unknown> {
    const assistant = await this.get(tenant, assistantId);
    const graph = this.graphs.graph(await this.graphs.resolve(tenant, assistant.graphId), tenant);
    return (await graph.getGraphAsync()).toJSON();
  }

  async schemas(tenant: string, assistantId: string): Promise<Record<string, unknown>> {
    const assistant = await this.get(tenant, assistantId);
    const resolved = await this.graphs.resolve(tenant, assistant.graphId);
    const input = this.graphs.inputSchema(resolved);
    return {
      graph_id: assistant.graphId,
      input_schema: input,
      output_schema: null,
      state_schema: input,
      config_schema: null,
      context_schema: null,
    };
  }
}

/** A graph id used as an assistant id: the graph with no configuration of its own. */
export function defaultAssistant(tenant: string, graphId: string): Assistant {
  const epoch = new Date(0);
  return {
    tenant,
    assistantId: graphId,
    version: 1,
    graphId,
    name: graphId,
    description: null,
    config: {},
    context: {},
    metadata: { created_by: 'system' },
    latest: true,
    createdAt: epoch,
    updatedAt: epoch,
  };
}
