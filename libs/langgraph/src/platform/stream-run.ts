import { randomUUID } from 'node:crypto';
import type { StreamMode as LangGraphStreamMode } from '@langchain/langgraph';
import type { CompiledWorkflowGraph } from '../graph/graph-types';
import { toWire } from './wire';

type Publish = (event: string, data: unknown) => void;
type Config = Record<string, unknown>;

/**
 * Runs a graph for a Platform run and publishes what its stream modes produce, named as the
 * LangGraph API names its SSE events: each mode by its name (`messages-tuple` as `messages`), with
 * `|<namespace>` for subgraph chunks, and `events` as the graph's streamEvents v2 events. This is
 * the API server's own recipe (langgraph-api `streamState`): LangGraph's stream modes do the work,
 * `events` comes from streamEvents, whose `on_chain_stream` events of the root run carry the modes.
 */
export async function streamGraph(
  graph: CompiledWorkflowGraph,
  input: unknown,
  config: Config,
  modes: readonly string[],
  subgraphs: boolean,
  publish: Publish,
): Promise<void> {
  const lib = new Set<LangGraphStreamMode>(
    modes.filter((m) => m !== 'events' && m !== 'messages-tuple') as LangGraphStreamMode[],
  );
  if (modes.includes('messages-tuple')) lib.add('messages');
  // LangGraph needs at least one mode; a run that asked only for `events` gets values it never sees.
  if (!lib.size) lib.add('values');
  const forward = (ns: string[] | null, mode: string, chunk: unknown) => {
    const name = mode === 'messages' ? 'messages-tuple' : mode;
    if (!modes.includes(name)) return;
    const event = mode === 'messages' ? 'messages' : mode;
    publish(subgraphs && ns?.length ? `${event}|${ns.join('|')}` : event, shape(mode, chunk));
  };
  const graphAny = graph as unknown as {
    stream(input: unknown, options: Config): Promise<AsyncIterable<unknown[]>>;
    streamEvents(input: unknown, options: Config): AsyncIterable<Record<string, any>>;
  };
  const streamMode = [...lib];
  if (modes.includes('events')) {
    const runId = randomUUID();
    for await (const event of graphAny.streamEvents(input, {
      ...config,
      version: 'v2',
      runId,
      streamMode,
      subgraphs,
    })) {
      if (event.event === 'on_chain_stream' && (subgraphs || event.run_id === runId)) {
        const tuple = (subgraphs ? event.data.chunk : [null, ...event.data.chunk]) as [
          string[] | null,
          string,
          unknown,
        ];
        forward(tuple[0], tuple[1], tuple[2]);
      } else {
        publish('events', toWire(event));
      }
    }
    return;
  }
  for await (const part of await graphAny.stream(input, { ...config, streamMode, subgraphs })) {
    const [ns, mode, chunk] = (subgraphs ? part : [null, ...part]) as [string[] | null, string, unknown];
    forward(ns, mode, chunk);
  }
}

/** The debug and checkpoints payloads with the API's snake_case checkpoint fields added. */
function shape(mode: string, chunk: unknown): unknown {
  if (mode === 'debug') {
    const debug = chunk as { type?: string; payload?: Record<string, unknown> };
    if (debug?.type === 'checkpoint' && debug.payload)
      return toWire({ ...debug, payload: checkpointPayload(debug.payload) });
    return toWire(chunk);
  }
  if (mode === 'checkpoints' && chunk && typeof chunk === 'object' && 'values' in chunk)
    return toWire(checkpointPayload(chunk as Record<string, unknown>));
  return toWire(chunk);
}

function checkpointPayload(payload: Record<string, unknown>): Record<string, unknown> {
  const { parentConfig, ...rest } = payload;
  return {
    ...rest,
    config: publicConfig(payload.config),
    parent_config: publicConfig(parentConfig),
    checkpoint: checkpointOf(payload.config),
    parent_checkpoint: checkpointOf(parentConfig),
  };
}

type RunnableLike = { configurable?: Record<string, unknown> } | undefined | null;

/** `{ thread_id, checkpoint_ns, checkpoint_id, checkpoint_map }` of a config, or null. */
export function checkpointOf(config: unknown): Record<string, unknown> | null {
  const c = (config as RunnableLike)?.configurable;
  if (!c?.thread_id || !c.checkpoint_id) return null;
  return {
    thread_id: c.thread_id,
    checkpoint_ns: c.checkpoint_ns ?? '',
    checkpoint_id: c.checkpoint_id,
    checkpoint_map: c.checkpoint_map ?? null,
  };
}

/** A config without LangGraph's internal (`__`-prefixed) keys. */
function publicConfig(config: unknown): unknown {
  const c = (config as RunnableLike)?.configurable;
  if (!c) return config ?? null;
  return { configurable: Object.fromEntries(Object.entries(c).filter(([k]) => !k.startsWith('__'))) };
}
