import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  collectionOf,
  exampleOf,
  fillPath,
  requestBodySchema,
  type OpenApiDocument,
  type Operation,
} from './openapi-walk';
import { candlesFromCloses, walk } from './workflows';

/**
 * A client of the whole API driven by /docs-json: it fills path slots with ids it created and
 * builds bodies from the documented examples, marked with `mark` so a later read can be traced
 * to them. The tenant-isolation walk and the API fuzzer share it.
 */

/** Shared by every tenant on purpose: same names, separate data. */
export const FREE_VALUES: Record<string, string> = { agentId: 'walker-agent', label: 'persona', name: 'handit.tasks' };

/** Slot names too generic to borrow an id made in another collection. */
const GENERIC_PARAMS = new Set(['id', 'name']);

/** Streams answer 200 and stay open; the walk reads their status and first bytes only. */
export const STREAMS = /\/(events|stream)$/;

const candles = candlesFromCloses(walk(60).map((c) => c.close));
const OPTION_CASE = { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 };

/** Operations documented with 201/202 that need a resource in a state the walk does not arrange. */
export const OPTIONAL_CREATIONS = [
  'POST /api/v1/orchestration/runs/{id}/resume',
  'POST /api/v1/orchestration/runs/{id}/cancel',
  // Only a finished run can be replayed (409 while the walk's run still runs or waits for approval).
  'POST /api/v1/orchestration/runs/{id}/replay',
  'POST /api/v1/scheduler/dead-letter/{id}/retry',
];

/**
 * Creations of the service-wide model registry: a system admin's (models serve every tenant), so a
 * tenant's admin is refused (403) and the tenant walk cannot create through them.
 */
export const SYSTEM_CREATIONS = [
  'POST /api/v1/ai-orchestration/models',
  'POST /api/v1/ai-orchestration/models/{id}/versions',
];
/** The desk-assistant graph's input (its state), marked. */
const LANGGRAPH_INPUT = (MARK: string) => ({ desk: MARK, symbol: 'EURUSD', quantity: 1 });

/**
 * LangGraph Platform operations that create what later paths name: the Platform answers them 200
 * (204 for a store item), not 201, as its SDK expects.
 */
export const LANGGRAPH_CREATIONS = new Set([
  'POST /api/v1/langgraph/assistants',
  'POST /api/v1/langgraph/threads',
  'POST /api/v1/langgraph/threads/{thread_id}/runs',
  'POST /api/v1/langgraph/runs',
  'PUT /api/v1/langgraph/store/items',
  'POST /api/v1/langgraph/runs/crons',
  'POST /api/v1/langgraph/threads/{thread_id}/runs/crons',
]);

/** A body that needs an id tenant 1 has not created yet: try again in the next pass. */
const NOT_YET = Symbol('not yet');

/** A message to tenant 1's own external agent (it stays in that agent's mailbox), once the agent exists. */
function ownAgentMessage(known: Known, MARK: string): unknown {
  const agent = known.byCollection.get('/api/v1/agents');
  return agent ? { to: agent, type: 'news_triage', payload: { note: MARK } } : NOT_YET;
}

/** Bodies the documented examples cannot express (cross-field rules, ids known only at run time). */
function bodyOverride(op: Operation, known: Known, MARK: string): unknown {
  switch (`${op.method} ${op.path}`) {
    case 'POST /api/v1/ai-orchestration/tasks':
      return {
        type: 'technical_analysis',
        input: { symbol: MARK, candles, indicators: [{ name: 'sma', period: 5 }] },
        options: { cache: false },
      };
    case 'POST /api/v1/scheduler/schedules':
      return { name: `${MARK} schedule`, job: 'scheduler.heartbeat', everyMs: 3_600_000, input: { note: MARK } };
    case 'POST /api/v1/agents/messages':
      // To tenant 1's own external agent, so the message stays in its mailbox.
      return ownAgentMessage(known, MARK);
    case 'POST /api/v1/agents/{id}/messages/ack':
      // Well-formed ids (a mark would make them 400 before the agent is looked up).
      return { acks: [{ messageId: '01JD3Z9C4D5E6F7G8H9J0K1M2N', leaseId: '01JD3Z9A1B2C3D4E5F6G7H8J9K' }] };
    case 'POST /api/v1/agents/messages/batch': {
      const message = ownAgentMessage(known, MARK);
      return message === NOT_YET ? NOT_YET : { messages: [message] };
    }
    case 'POST /api/v1/coordination/runs':
      return {
        strategy: 'parallel',
        capability: 'technical_analysis',
        task: 'technical_analysis',
        input: { symbol: MARK, candles },
      };
    case 'POST /api/v1/orchestration/execute':
      return { workflow: 'trading-analysis', input: { symbol: MARK, assetClass: 'equities', candles } };
    case 'POST /api/v1/observability/traces/{id}/scores':
      return { name: MARK, value: 1, dataType: 'NUMERIC', comment: MARK };
    case 'POST /api/v1/monitoring/alerts/silences':
      return { ruleName: `${MARK}-rule`, endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: MARK };
    case 'POST /api/v1/monitoring/alerts/rules':
      return {
        name: `${MARK}-rule`,
        severity: 'info',
        expr: { series: 'http.error_ratio', comparison: '>', threshold: 0.5 },
      };
    case 'POST /api/v1/memory/agents/{agentId}/import':
      return { blocks: [], sessions: [], memories: [importedMemory(MARK)] };
    case 'PATCH /api/v1/memory/agents/{agentId}/memories/{memoryId}':
      return { importance: 0.1 };
    case 'POST /api/v1/langgraph/threads':
      return { metadata: { note: MARK, graph_id: 'desk-assistant' } };
    case 'POST /api/v1/langgraph/assistants':
      return { graph_id: 'desk-assistant', name: `${MARK} assistant`, metadata: { note: MARK } };
    case 'POST /api/v1/langgraph/threads/{thread_id}/runs':
    case 'POST /api/v1/langgraph/threads/{thread_id}/runs/stream':
    case 'POST /api/v1/langgraph/threads/{thread_id}/runs/wait':
    case 'POST /api/v1/langgraph/runs':
      return { assistant_id: 'desk-assistant', input: LANGGRAPH_INPUT(MARK), metadata: { note: MARK } };
    case 'POST /api/v1/langgraph/threads/{thread_id}/state/checkpoint':
      return { checkpoint: { checkpoint_id: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f' } };
    case 'PUT /api/v1/langgraph/store/items':
      return { namespace: [MARK], key: `${MARK}-key`, value: { note: MARK } };
    case 'POST /api/v1/langgraph/runs/crons':
    case 'POST /api/v1/langgraph/threads/{thread_id}/runs/crons':
      return {
        assistant_id: 'desk-assistant',
        schedule: '0 8 * * 1-5',
        input: LANGGRAPH_INPUT(MARK),
        metadata: { note: MARK },
      };
    case 'POST /api/v1/agents':
      return { name: `${MARK}-agent`, kind: 'external', capabilities: ['news_triage'], metadata: { note: MARK } };
    case 'POST /api/v1/evaluations/datasets/{id}/items':
      return {
        format: 'json',
        items: [{ input: OPTION_CASE, expectedOutput: { note: MARK }, metadata: { note: MARK } }],
      };
    case 'POST /api/v1/evaluations/experiments':
      // Over tenant 1's own dataset (its items are imported just before, in document order).
      return known.byCollection.has('/api/v1/evaluations/datasets')
        ? {
            name: `${MARK} experiment`,
            datasetId: known.byCollection.get('/api/v1/evaluations/datasets'),
            target: { kind: 'task', taskType: 'options_pricing', modelVersion: 'walk' },
            evaluators: [{ type: 'exact_match' }],
          }
        : NOT_YET;
    default:
      return undefined;
  }
}

function importedMemory(MARK: string) {
  const at = new Date().toISOString();
  return {
    id: 'imported-1',
    type: 'semantic',
    content: `imported ${MARK}`,
    tags: [],
    importance: 0.5,
    createdAt: at,
    updatedAt: at,
    lastAccessedAt: at,
    accessCount: 0,
  };
}

export interface Known {
  /** Collection template → an id tenant 1 created in it. */
  readonly byCollection: Map<string, string>;
  /** Path parameter name → an id tenant 1 created (for slots whose collection is elsewhere). */
  readonly byName: Map<string, string>;
  /** Every id and marker tenant 1's writes returned: none may reach tenant 2. */
  readonly secrets: Set<string>;
}

export interface Response {
  status: number;
  text: string;
  body: any;
  traceId?: string;
}

export interface Caller {
  key: string;
  headers?: Record<string, string>;
}

export class ApiWalker {
  readonly known: Known;
  readonly log: string[] = [];

  constructor(
    readonly baseUrl: string,
    readonly doc: OpenApiDocument,
    readonly mark: string,
  ) {
    this.known = { byCollection: new Map(), byName: new Map(), secrets: new Set([mark]) };
  }

  /** Listens on a free loopback port (an in-process app's server) and walks it there. */
  static async listening(http: Server, doc: OpenApiDocument, mark: string): Promise<ApiWalker> {
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return new ApiWalker(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, doc, mark);
  }

  /** One request; a stream is cut after its first bytes so the walk never hangs on it. */
  async call(caller: Caller, method: string, path: string, body?: unknown): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), STREAMS.test(path) ? 500 : 15_000);
    let text = '';
    let status = 0;
    let traceId: string | undefined;
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        signal: controller.signal,
        headers: {
          'x-api-key': caller.key,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...caller.headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      status = res.status;
      traceId = res.headers.get('x-trace-id') ?? undefined;
      text = await res.text().catch(() => '');
    } catch (err) {
      if (!controller.signal.aborted) throw err;
    } finally {
      clearTimeout(timer);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status, text, body: parsed, traceId };
  }

  /** Fills the path with tenant 1's ids where it has them; `foreign` says whether any was used. */
  pathFor(op: Operation): { path: string; foreign: boolean } | undefined {
    const values: Record<string, string> = {};
    let foreign = false;
    for (const param of op.pathParams) {
      const own =
        this.known.byCollection.get(collectionOf(op.path, param)) ??
        (GENERIC_PARAMS.has(param) ? undefined : this.known.byName.get(param));
      if (own !== undefined) {
        values[param] = own;
        foreign = true;
      } else if (FREE_VALUES[param] !== undefined) {
        values[param] = FREE_VALUES[param];
      } else {
        return undefined;
      }
    }
    return { path: fillPath(op.path, values), foreign };
  }

  bodyFor(op: Operation): unknown {
    const schema = requestBodySchema(this.doc, op);
    if (!schema) return undefined;
    return (
      bodyOverride(op, this.known, this.mark) ??
      exampleOf(this.doc, schema, {
        mark: (value, s) => (s.pattern ? `${this.mark}${value}` : `${value} ${this.mark}`),
      })
    );
  }

  /** Remembers what a tenant-1 write created, under its collection and any id-like field names. */
  remember(op: Operation, path: string, res: Response): void {
    // The LangGraph Platform routes answer bare JSON (snake_case ids), the others an envelope.
    const data = res.body?.success === true ? res.body.data : res.body;
    if (!data || typeof data !== 'object') return;
    const id =
      data.id ??
      data.runId ??
      data.messageId ??
      data.run_id ??
      data.cron_id ??
      data.assistant_id ??
      data.thread_id ??
      data.name;
    if (typeof id === 'string') {
      const collection = path.replace(/\/(bulk|import|trigger|retry|replay)$/, '');
      this.known.byCollection.set(templateOf(op.path, path, collection), id);
    }
    for (const [key, value] of Object.entries(data)) {
      // Graph ids (a template name, used as an assistant id too) are the same for every tenant.
      const free = Object.values(FREE_VALUES).includes(value as string) || value === 'desk-assistant';
      if (typeof value === 'string' && /^(id|\w+Id|\w+_id)$/.test(key) && value.length >= 8 && !free) {
        this.known.byName.set(key, value);
        this.known.secrets.add(value);
      }
    }
    if (typeof id === 'string' && id.length >= 8) this.known.secrets.add(id);
  }

  /** Creates what it can through every creating operation, in passes, until nothing new is reachable. */
  async createAll(ops: Operation[], caller: Caller): Promise<string[]> {
    const done = new Set<string>();
    const created: string[] = [];
    for (let pass = 0; pass < 4; pass++) {
      for (const op of ops.filter(isCreation)) {
        const key = `${op.method} ${op.path}`;
        if (done.has(key)) continue;
        const target = this.pathFor(op);
        const body = this.bodyFor(op);
        if (!target || body === NOT_YET) continue;
        done.add(key);
        const res = await this.call(caller, op.method, target.path, body);
        if (res.status >= 200 && res.status < 300) {
          created.push(key);
          this.remember(op, target.path, res);
        } else {
          this.log.push(`${key} → ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
    }
    return created;
  }
}

/** POST/PUT operations documented to answer 201 or 202: they create something. */
export function isCreation(op: Operation): boolean {
  if (LANGGRAPH_CREATIONS.has(`${op.method} ${op.path}`)) return true;
  return ['POST', 'PUT'].includes(op.method) && ('201' in op.operation.responses || '202' in op.operation.responses);
}

/** Maps a filled path back to the template prefix it came from. */
function templateOf(template: string, _path: string, collection: string): string {
  const depth = collection.split('/').length;
  return template.split('/').slice(0, depth).join('/');
}
