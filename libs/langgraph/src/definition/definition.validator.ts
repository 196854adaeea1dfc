import type { FieldProblem } from '@app/infrastructure';
import { checkTemplate } from './expressions';
import { checkRiskGate } from './risk-gate.validator';
import { END_NODE, NODE_KINDS, NodeDefinition, START_NODE, WorkflowDefinition } from './definition.types';

export interface ValidationContext {
  taskTypes: readonly string[];
  /** False when no AgentGateway is provided (the agent coordinator is absent). */
  agentsAvailable: boolean;
  maxNodes: number;
  maxTimeoutMs: number;
}

const ID = /^[a-z][a-z0-9_-]{0,62}$/;
const NAME = /^[a-z][a-z0-9-]{1,62}$/;
const PRIORITIES = ['critical', 'high', 'normal', 'low', 'background'];
const MEMORY_TYPES = ['semantic', 'episodic', 'procedural'];
const ERROR_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/**
 * Checks a definition before it is stored or run, and names the place of every problem
 * (`nodes[2].taskType`, `edges[4].to`, `nodes[1]` for an unreachable node). Structure first; the
 * graph checks run only on a structurally sound definition, so their messages make sense.
 */
export function validateDefinition(raw: unknown, ctx: ValidationContext): FieldProblem[] {
  if (!isObj(raw)) return [{ field: 'definition', message: 'must be an object' }];
  const problems = checkStructure(raw, ctx);
  if (problems.length) return problems;
  return checkGraph(raw as unknown as WorkflowDefinition);
}

function checkStructure(d: Obj, ctx: ValidationContext): FieldProblem[] {
  const p: FieldProblem[] = [];
  const allowed = new Set(['name', 'description', 'inputSchema', 'nodes', 'edges', 'conditionalEdges', 'output']);
  for (const key of Object.keys(d)) if (!allowed.has(key)) p.push({ field: key, message: 'is not an allowed field' });
  if (typeof d.name !== 'string' || !NAME.test(d.name))
    p.push({
      field: 'name',
      message: 'must be 2-63 characters: a lowercase letter, then lowercase letters, digits and -',
    });
  if (d.description !== undefined && (typeof d.description !== 'string' || d.description.length > 2000))
    p.push({ field: 'description', message: 'must be a string of at most 2000 characters' });
  if (d.inputSchema !== undefined && !isObj(d.inputSchema))
    p.push({ field: 'inputSchema', message: 'must be a JSON Schema object' });
  if (!Array.isArray(d.nodes) || d.nodes.length === 0) p.push({ field: 'nodes', message: 'must be a non-empty array' });
  else if (d.nodes.length > ctx.maxNodes)
    p.push({ field: 'nodes', message: `must hold at most ${ctx.maxNodes} nodes` });
  else {
    const seen = new Set<string>();
    d.nodes.forEach((n, i) => {
      p.push(...checkNode(n, `nodes[${i}]`, ctx));
      if (isObj(n) && typeof n.id === 'string') {
        if (seen.has(n.id)) p.push({ field: `nodes[${i}].id`, message: `duplicates node "${n.id}"` });
        seen.add(n.id);
      }
    });
  }
  if (!Array.isArray(d.edges)) p.push({ field: 'edges', message: 'must be an array' });
  else d.edges.forEach((e, i) => p.push(...checkEdge(e, `edges[${i}]`)));
  if (d.conditionalEdges !== undefined) {
    if (!Array.isArray(d.conditionalEdges)) p.push({ field: 'conditionalEdges', message: 'must be an array' });
    else d.conditionalEdges.forEach((e, i) => p.push(...checkConditional(e, `conditionalEdges[${i}]`)));
  }
  if (d.output !== undefined) p.push(...checkTemplate(d.output, 'output'));
  return p;
}

function checkNode(n: unknown, at: string, ctx: ValidationContext): FieldProblem[] {
  if (!isObj(n)) return [{ field: at, message: 'must be an object' }];
  const p: FieldProblem[] = [];
  if (typeof n.id !== 'string' || !ID.test(n.id) || n.id === START_NODE || n.id === END_NODE) {
    p.push({
      field: `${at}.id`,
      message:
        'must be 1-63 characters: a lowercase letter, then lowercase letters, digits, _ and - ' +
        `(not "${START_NODE}" or "${END_NODE}")`,
    });
  }
  const name = typeof n.id === 'string' ? ` (node "${n.id}")` : '';
  if (!NODE_KINDS.includes(n.kind as never)) {
    return [
      ...p,
      {
        field: `${at}.kind`,
        message: `unknown node kind ${JSON.stringify(n.kind)}${name}; must be one of ${NODE_KINDS.join(', ')}`,
      },
    ];
  }
  const common = ['id', 'kind', 'description', 'retry', 'timeoutMs', 'maxVisits'];
  const perKind: Record<string, string[]> = {
    task: ['taskType', 'input', 'model', 'priority', 'cache'],
    memory: ['operation', 'agentId', 'memoryType', 'content', 'query', 'tags', 'importance', 'limit'],
    agent: ['to', 'messageType', 'payload'],
    transform: ['output'],
    approval: ['when', 'question', 'details'],
    risk_gate: ['desk', 'exposure', 'onBreach', 'approval'],
  };
  const allowed = new Set([...common, ...perKind[n.kind as string]]);
  for (const key of Object.keys(n))
    if (!allowed.has(key))
      p.push({ field: `${at}.${key}`, message: `is not an allowed field of a ${n.kind} node${name}` });
  if (n.timeoutMs !== undefined && !isInt(n.timeoutMs, 10, ctx.maxTimeoutMs))
    p.push({ field: `${at}.timeoutMs`, message: `must be an integer from 10 to ${ctx.maxTimeoutMs}` });
  if (n.maxVisits !== undefined && !isInt(n.maxVisits, 1, 1000))
    p.push({ field: `${at}.maxVisits`, message: 'must be an integer from 1 to 1000' });
  if (n.retry !== undefined) p.push(...checkRetry(n.retry, `${at}.retry`));
  switch (n.kind) {
    case 'task':
      if (typeof n.taskType !== 'string' || !ctx.taskTypes.includes(n.taskType)) {
        p.push({
          field: `${at}.taskType`,
          message: `unknown task type ${JSON.stringify(n.taskType)}${name}; must be one of ${ctx.taskTypes.join(', ')}`,
        });
      }
      if (n.input === undefined) p.push({ field: `${at}.input`, message: 'is required' });
      else p.push(...checkTemplate(n.input, `${at}.input`));
      if (n.model !== undefined && (typeof n.model !== 'string' || !/^[a-z0-9-]{1,100}$/.test(n.model)))
        p.push({ field: `${at}.model`, message: 'must be a model id' });
      if (n.priority !== undefined && !PRIORITIES.includes(n.priority as string))
        p.push({ field: `${at}.priority`, message: `must be one of ${PRIORITIES.join(', ')}` });
      if (n.cache !== undefined && typeof n.cache !== 'boolean')
        p.push({ field: `${at}.cache`, message: 'must be a boolean' });
      break;
    case 'memory':
      if (n.operation !== 'write' && n.operation !== 'search')
        p.push({ field: `${at}.operation`, message: 'must be write or search' });
      if (typeof n.agentId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/.test(n.agentId))
        p.push({ field: `${at}.agentId`, message: 'must be an agent id (1-128 letters, digits, _ . : -)' });
      if (n.memoryType !== undefined && !MEMORY_TYPES.includes(n.memoryType as string))
        p.push({ field: `${at}.memoryType`, message: `must be one of ${MEMORY_TYPES.join(', ')}` });
      if (n.operation === 'write' && n.content === undefined)
        p.push({ field: `${at}.content`, message: 'is required for a write' });
      if (n.operation === 'search' && n.query === undefined)
        p.push({ field: `${at}.query`, message: 'is required for a search' });
      p.push(...checkTemplate(n.content, `${at}.content`), ...checkTemplate(n.query, `${at}.query`));
      if (n.tags !== undefined && (!Array.isArray(n.tags) || n.tags.some((t) => typeof t !== 'string')))
        p.push({ field: `${at}.tags`, message: 'must be an array of strings' });
      if (n.importance !== undefined && !(typeof n.importance === 'number' && n.importance >= 0 && n.importance <= 1))
        p.push({ field: `${at}.importance`, message: 'must be a number from 0 to 1' });
      if (n.limit !== undefined && !isInt(n.limit, 1, 100))
        p.push({ field: `${at}.limit`, message: 'must be an integer from 1 to 100' });
      break;
    case 'agent':
      if (!ctx.agentsAvailable)
        p.push({
          field: `${at}.kind`,
          message: `agent nodes need the agent coordinator, which is not available in this service${name}`,
        });
      if (
        !(typeof n.to === 'string' && n.to.length > 0 && n.to.length <= 128) &&
        !(isObj(n.to) && typeof n.to.capability === 'string' && Object.keys(n.to).length === 1)
      ) {
        p.push({ field: `${at}.to`, message: 'must be an agent id or { "capability": "…" }' });
      }
      if (typeof n.messageType !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(n.messageType))
        p.push({ field: `${at}.messageType`, message: 'must be 1-100 letters, digits, _ . : -' });
      if (n.payload === undefined) p.push({ field: `${at}.payload`, message: 'is required' });
      else p.push(...checkTemplate(n.payload, `${at}.payload`));
      break;
    case 'transform':
      if (n.output === undefined) p.push({ field: `${at}.output`, message: 'is required' });
      else p.push(...checkTemplate(n.output, `${at}.output`));
      break;
    case 'approval':
      if (typeof n.question !== 'string' || n.question.length === 0 || n.question.length > 2000)
        p.push({ field: `${at}.question`, message: 'must be a string of 1-2000 characters' });
      p.push(...checkTemplate(n.when, `${at}.when`), ...checkTemplate(n.details, `${at}.details`));
      break;
    case 'risk_gate':
      p.push(...checkRiskGate(n, at));
      break;
  }
  return p;
}

function checkRetry(r: unknown, at: string): FieldProblem[] {
  if (!isObj(r)) return [{ field: at, message: 'must be an object' }];
  const p: FieldProblem[] = [];
  const allowed = new Set(['maxAttempts', 'initialIntervalMs', 'backoffFactor', 'maxIntervalMs', 'jitter', 'retryOn']);
  for (const key of Object.keys(r))
    if (!allowed.has(key)) p.push({ field: `${at}.${key}`, message: 'is not an allowed field' });
  if (!isInt(r.maxAttempts, 1, 20)) p.push({ field: `${at}.maxAttempts`, message: 'must be an integer from 1 to 20' });
  if (r.initialIntervalMs !== undefined && !isInt(r.initialIntervalMs, 0, 600_000))
    p.push({ field: `${at}.initialIntervalMs`, message: 'must be an integer from 0 to 600000' });
  if (r.maxIntervalMs !== undefined && !isInt(r.maxIntervalMs, 0, 3_600_000))
    p.push({ field: `${at}.maxIntervalMs`, message: 'must be an integer from 0 to 3600000' });
  if (
    r.backoffFactor !== undefined &&
    !(typeof r.backoffFactor === 'number' && r.backoffFactor >= 1 && r.backoffFactor <= 10)
  )
    p.push({ field: `${at}.backoffFactor`, message: 'must be a number from 1 to 10' });
  if (r.jitter !== undefined && typeof r.jitter !== 'boolean')
    p.push({ field: `${at}.jitter`, message: 'must be a boolean' });
  if (
    r.retryOn !== undefined &&
    (!Array.isArray(r.retryOn) || r.retryOn.some((c) => typeof c !== 'string' || !ERROR_CODE.test(c)))
  ) {
    p.push({ field: `${at}.retryOn`, message: 'must be an array of error codes such as PROVIDER_ERROR or TIMEOUT' });
  }
  return p;
}

const endpoint = (v: unknown) =>
  typeof v === 'string' ||
  (Array.isArray(v) && v.length > 0 && v.length <= 100 && v.every((x) => typeof x === 'string'));

function checkEdge(e: unknown, at: string): FieldProblem[] {
  if (!isObj(e)) return [{ field: at, message: 'must be an object' }];
  const p: FieldProblem[] = [];
  for (const key of Object.keys(e))
    if (key !== 'from' && key !== 'to') p.push({ field: `${at}.${key}`, message: 'is not an allowed field' });
  if (!endpoint(e.from)) p.push({ field: `${at}.from`, message: 'must be a node id or a non-empty array of node ids' });
  if (!endpoint(e.to)) p.push({ field: `${at}.to`, message: 'must be a node id or a non-empty array of node ids' });
  if (Array.isArray(e.from) && Array.isArray(e.to) && e.to.length > 1)
    p.push({ field: at, message: 'a join (several from) must lead to one node' });
  return p;
}

function checkConditional(e: unknown, at: string): FieldProblem[] {
  if (!isObj(e)) return [{ field: at, message: 'must be an object' }];
  const p: FieldProblem[] = [];
  for (const key of Object.keys(e))
    if (!['from', 'branches', 'otherwise'].includes(key))
      p.push({ field: `${at}.${key}`, message: 'is not an allowed field' });
  if (typeof e.from !== 'string') p.push({ field: `${at}.from`, message: 'must be a node id' });
  if (typeof e.otherwise !== 'string') p.push({ field: `${at}.otherwise`, message: 'must be a node id (or end)' });
  if (!Array.isArray(e.branches) || e.branches.length === 0 || e.branches.length > 50)
    p.push({ field: `${at}.branches`, message: 'must be an array of 1-50 { when, to }' });
  else {
    e.branches.forEach((b, i) => {
      if (!isObj(b) || b.when === undefined || typeof b.to !== 'string')
        p.push({ field: `${at}.branches[${i}]`, message: 'must be { "when": <JSON Logic>, "to": "<node id>" }' });
      else p.push(...checkTemplate(b.when, `${at}.branches[${i}].when`));
    });
  }
  return p;
}

/** Edges resolved to adjacency, then reference, reachability, termination and cycle checks. */
function checkGraph(d: WorkflowDefinition): FieldProblem[] {
  const p: FieldProblem[] = [];
  const index = new Map(d.nodes.map((n, i) => [n.id, i]));
  const known = (id: string) => index.has(id);
  const out = new Map<string, Set<string>>([
    [START_NODE, new Set()],
    ...d.nodes.map((n) => [n.id, new Set<string>()] as [string, Set<string>]),
  ]);
  const plainSources = new Set<string>();
  const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

  d.edges.forEach((e, i) => {
    for (const from of list(e.from)) {
      if (from === END_NODE || (!known(from) && from !== START_NODE))
        p.push({ field: `edges[${i}].from`, message: `node "${from}" does not exist` });
    }
    for (const to of list(e.to)) {
      if (to === START_NODE || (!known(to) && to !== END_NODE))
        p.push({ field: `edges[${i}].to`, message: `node "${to}" does not exist` });
    }
    for (const from of list(e.from)) {
      plainSources.add(from);
      for (const to of list(e.to)) out.get(from)?.add(to);
    }
  });
  const conditionalSources = new Set<string>();
  (d.conditionalEdges ?? []).forEach((e, i) => {
    if (!known(e.from)) p.push({ field: `conditionalEdges[${i}].from`, message: `node "${e.from}" does not exist` });
    if (conditionalSources.has(e.from))
      p.push({ field: `conditionalEdges[${i}].from`, message: `node "${e.from}" already has conditional edges` });
    if (plainSources.has(e.from))
      p.push({
        field: `conditionalEdges[${i}].from`,
        message: `node "${e.from}" has plain edges too; give a node one kind of outgoing edges`,
      });
    conditionalSources.add(e.from);
    const targets = [
      ...e.branches.map((b, j) => ({ to: b.to, field: `conditionalEdges[${i}].branches[${j}].to` })),
      { to: e.otherwise, field: `conditionalEdges[${i}].otherwise` },
    ];
    for (const t of targets) {
      if (t.to === START_NODE || (!known(t.to) && t.to !== END_NODE))
        p.push({ field: t.field, message: `node "${t.to}" does not exist` });
      else out.get(e.from)?.add(t.to);
    }
  });
  if (p.length) return p;

  if (!out.get(START_NODE)?.size) return [{ field: 'edges', message: `no edge leaves "${START_NODE}"` }];
  d.nodes.forEach((n, i) => {
    if (!out.get(n.id)?.size)
      p.push({
        field: `nodes[${i}]`,
        message: `node "${n.id}" has no outgoing edge (lead it to another node or to "${END_NODE}")`,
      });
  });

  const reachable = walk(START_NODE, out);
  d.nodes.forEach((n, i) => {
    if (!reachable.has(n.id))
      p.push({ field: `nodes[${i}]`, message: `node "${n.id}" is unreachable from "${START_NODE}"` });
  });
  const incoming = new Map<string, Set<string>>();
  for (const [from, tos] of out)
    for (const to of tos) (incoming.get(to) ?? incoming.set(to, new Set()).get(to)!).add(from);
  const reachesEnd = walk(END_NODE, incoming);
  if (!reachesEnd.has(START_NODE))
    p.push({ field: 'edges', message: `the graph has no path from "${START_NODE}" to "${END_NODE}"` });
  d.nodes.forEach((n, i) => {
    if (reachable.has(n.id) && !reachesEnd.has(n.id))
      p.push({ field: `nodes[${i}]`, message: `node "${n.id}" has no path to "${END_NODE}"` });
  });

  for (const cycle of cycles(d.nodes, out)) {
    if (!cycle.some((id) => d.nodes[index.get(id)!].maxVisits !== undefined)) {
      const at = Math.min(...cycle.map((id) => index.get(id)!));
      p.push({
        field: `nodes[${at}].maxVisits`,
        message: `the cycle ${[...cycle, cycle[0]].join(' → ')} has no bound: set maxVisits on one of its nodes`,
      });
    }
  }
  return p;
}

function walk(from: string, edges: Map<string, Set<string>>): Set<string> {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length) {
    for (const next of edges.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** Strongly connected components (Tarjan) that form a cycle: more than one node, or a self-loop. */
export function cycles(nodes: NodeDefinition[], out: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    on.add(v);
    for (const w of out.get(v) ?? []) {
      if (w === END_NODE) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.unshift(w);
      } while (w !== v);
      if (scc.length > 1 || out.get(v)?.has(v)) found.push(scc);
    }
  };
  for (const n of nodes) if (!idx.has(n.id)) visit(n.id);
  return found;
}
