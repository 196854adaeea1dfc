import { PRIORITIES } from '@app/handit';
import type { FieldProblem } from '@app/infrastructure';
import { MEMORY_TYPES } from '@app/letta';
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

function checkStructure(definition: Obj, ctx: ValidationContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const allowed = new Set(['name', 'description', 'inputSchema', 'nodes', 'edges', 'conditionalEdges', 'output']);
  for (const key of Object.keys(definition))
    if (!allowed.has(key)) problems.push({ field: key, message: 'is not an allowed field' });
  if (typeof definition.name !== 'string' || !NAME.test(definition.name))
    problems.push({
      field: 'name',
      message: 'must be 2-63 characters: a lowercase letter, then lowercase letters, digits and -',
    });
  if (
    definition.description !== undefined &&
    (typeof definition.description !== 'string' || definition.description.length > 2000)
  )
    problems.push({ field: 'description', message: 'must be a string of at most 2000 characters' });
  if (definition.inputSchema !== undefined && !isObj(definition.inputSchema))
    problems.push({ field: 'inputSchema', message: 'must be a JSON Schema object' });
  if (!Array.isArray(definition.nodes) || definition.nodes.length === 0)
    problems.push({ field: 'nodes', message: 'must be a non-empty array' });
  else if (definition.nodes.length > ctx.maxNodes)
    problems.push({ field: 'nodes', message: `must hold at most ${ctx.maxNodes} nodes` });
  else {
    const seen = new Set<string>();
    definition.nodes.forEach((n, i) => {
      problems.push(...checkNode(n, `nodes[${i}]`, ctx));
      if (isObj(n) && typeof n.id === 'string') {
        if (seen.has(n.id)) problems.push({ field: `nodes[${i}].id`, message: `duplicates node "${n.id}"` });
        seen.add(n.id);
      }
    });
  }
  if (!Array.isArray(definition.edges)) problems.push({ field: 'edges', message: 'must be an array' });
  else definition.edges.forEach((e, i) => problems.push(...checkEdge(e, `edges[${i}]`)));
  if (definition.conditionalEdges !== undefined) {
    if (!Array.isArray(definition.conditionalEdges))
      problems.push({ field: 'conditionalEdges', message: 'must be an array' });
    else definition.conditionalEdges.forEach((e, i) => problems.push(...checkConditional(e, `conditionalEdges[${i}]`)));
  }
  if (definition.output !== undefined) problems.push(...checkTemplate(definition.output, 'output'));
  return problems;
}

function checkNode(n: unknown, at: string, ctx: ValidationContext): FieldProblem[] {
  if (!isObj(n)) return [{ field: at, message: 'must be an object' }];
  const problems: FieldProblem[] = [];
  if (typeof n.id !== 'string' || !ID.test(n.id) || n.id === START_NODE || n.id === END_NODE) {
    problems.push({
      field: `${at}.id`,
      message:
        'must be 1-63 characters: a lowercase letter, then lowercase letters, digits, _ and - ' +
        `(not "${START_NODE}" or "${END_NODE}")`,
    });
  }
  const name = typeof n.id === 'string' ? ` (node "${n.id}")` : '';
  if (!NODE_KINDS.includes(n.kind as never)) {
    return [
      ...problems,
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
      problems.push({ field: `${at}.${key}`, message: `is not an allowed field of a ${n.kind} node${name}` });
  if (n.timeoutMs !== undefined && !isInt(n.timeoutMs, 10, ctx.maxTimeoutMs))
    problems.push({ field: `${at}.timeoutMs`, message: `must be an integer from 10 to ${ctx.maxTimeoutMs}` });
  if (n.maxVisits !== undefined && !isInt(n.maxVisits, 1, 1000))
    problems.push({ field: `${at}.maxVisits`, message: 'must be an integer from 1 to 1000' });
  if (n.retry !== undefined) problems.push(...checkRetry(n.retry, `${at}.retry`));
  switch (n.kind) {
    case 'task':
      if (typeof n.taskType !== 'string' || !ctx.taskTypes.includes(n.taskType)) {
        problems.push({
          field: `${at}.taskType`,
          message: `unknown task type ${JSON.stringify(n.taskType)}${name}; must be one of ${ctx.taskTypes.join(', ')}`,
        });
      }
      if (n.input === undefined) problems.push({ field: `${at}.input`, message: 'is required' });
      else problems.push(...checkTemplate(n.input, `${at}.input`));
      if (n.model !== undefined && (typeof n.model !== 'string' || !/^[a-z0-9-]{1,100}$/.test(n.model)))
        problems.push({ field: `${at}.model`, message: 'must be a model id' });
      if (n.priority !== undefined && !(PRIORITIES as readonly string[]).includes(n.priority as string))
        problems.push({ field: `${at}.priority`, message: `must be one of ${PRIORITIES.join(', ')}` });
      if (n.cache !== undefined && typeof n.cache !== 'boolean')
        problems.push({ field: `${at}.cache`, message: 'must be a boolean' });
      break;
    case 'memory':
      if (n.operation !== 'write' && n.operation !== 'search')
        problems.push({ field: `${at}.operation`, message: 'must be write or search' });
      if (typeof n.agentId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/.test(n.agentId))
        problems.push({ field: `${at}.agentId`, message: 'must be an agent id (1-128 letters, digits, _ . : -)' });
      if (n.memoryType !== undefined && !(MEMORY_TYPES as readonly string[]).includes(n.memoryType as string))
        problems.push({ field: `${at}.memoryType`, message: `must be one of ${MEMORY_TYPES.join(', ')}` });
      if (n.operation === 'write' && n.content === undefined)
        problems.push({ field: `${at}.content`, message: 'is required for a write' });
      if (n.operation === 'search' && n.query === undefined)
        problems.push({ field: `${at}.query`, message: 'is required for a search' });
      problems.push(...checkTemplate(n.content, `${at}.content`), ...checkTemplate(n.query, `${at}.query`));
      if (n.tags !== undefined && (!Array.isArray(n.tags) || n.tags.some((t) => typeof t !== 'string')))
        problems.push({ field: `${at}.tags`, message: 'must be an array of strings' });
      if (n.importance !== undefined && !(typeof n.importance === 'number' && n.importance >= 0 && n.importance <= 1))
        problems.push({ field: `${at}.importance`, message: 'must be a number from 0 to 1' });
      if (n.limit !== undefined && !isInt(n.limit, 1, 100))
        problems.push({ field: `${at}.limit`, message: 'must be an integer from 1 to 100' });
      break;
    case 'agent':
      if (!ctx.agentsAvailable)
        problems.push({
          field: `${at}.kind`,
          message: `agent nodes need the agent coordinator, which is not available in this service${name}`,
        });
      if (
        !(typeof n.to === 'string' && n.to.length > 0 && n.to.length <= 128) &&
        !(isObj(n.to) && typeof n.to.capability === 'string' && Object.keys(n.to).length === 1)
      ) {
        problems.push({ field: `${at}.to`, message: 'must be an agent id or { "capability": "…" }' });
      }
      if (typeof n.messageType !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(n.messageType))
        problems.push({ field: `${at}.messageType`, message: 'must be 1-100 letters, digits, _ . : -' });
      if (n.payload === undefined) problems.push({ field: `${at}.payload`, message: 'is required' });
      else problems.push(...checkTemplate(n.payload, `${at}.payload`));
      break;
    case 'transform':
      if (n.output === undefined) problems.push({ field: `${at}.output`, message: 'is required' });
      else problems.push(...checkTemplate(n.output, `${at}.output`));
      break;
    case 'approval':
      if (typeof n.question !== 'string' || n.question.length === 0 || n.question.length > 2000)
        problems.push({ field: `${at}.question`, message: 'must be a string of 1-2000 characters' });
      problems.push(...checkTemplate(n.when, `${at}.when`), ...checkTemplate(n.details, `${at}.details`));
      break;
    case 'risk_gate':
      problems.push(...checkRiskGate(n, at));
      break;
  }
  return problems;
}

function checkRetry(r: unknown, at: string): FieldProblem[] {
  if (!isObj(r)) return [{ field: at, message: 'must be an object' }];
  const problems: FieldProblem[] = [];
  const allowed = new Set(['maxAttempts', 'initialIntervalMs', 'backoffFactor', 'maxIntervalMs', 'jitter', 'retryOn']);
  for (const key of Object.keys(r))
    if (!allowed.has(key)) problems.push({ field: `${at}.${key}`, message: 'is not an allowed field' });
  if (!isInt(r.maxAttempts, 1, 20))
    problems.push({ field: `${at}.maxAttempts`, message: 'must be an integer from 1 to 20' });
  if (r.initialIntervalMs !== undefined && !isInt(r.initialIntervalMs, 0, 600_000))
    problems.push({ field: `${at}.initialIntervalMs`, message: 'must be an integer from 0 to 600000' });
  if (r.maxIntervalMs !== undefined && !isInt(r.maxIntervalMs, 0, 3_600_000))
    problems.push({ field: `${at}.maxIntervalMs`, message: 'must be an integer from 0 to 3600000' });
  if (
    r.backoffFactor !== undefined &&
    !(typeof r.backoffFactor === 'number' && r.backoffFactor >= 1 && r.backoffFactor <= 10)
  )
    problems.push({ field: `${at}.backoffFactor`, message: 'must be a number from 1 to 10' });
  if (r.jitter !== undefined && typeof r.jitter !== 'boolean')
    problems.push({ field: `${at}.jitter`, message: 'must be a boolean' });
  if (
    r.retryOn !== undefined &&
    (!Array.isArray(r.retryOn) || r.retryOn.some((c) => typeof c !== 'string' || !ERROR_CODE.test(c)))
  ) {
    problems.push({
      field: `${at}.retryOn`,
      message: 'must be an array of error codes such as PROVIDER_ERROR or TIMEOUT',
    });
  }
  return problems;
}

const endpoint = (v: unknown) =>
  typeof v === 'string' ||
  (Array.isArray(v) && v.length > 0 && v.length <= 100 && v.every((x) => typeof x === 'string'));

function checkEdge(e: unknown, at: string): FieldProblem[] {
  if (!isObj(e)) return [{ field: at, message: 'must be an object' }];
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(e))
    if (key !== 'from' && key !== 'to') problems.push({ field: `${at}.${key}`, message: 'is not an allowed field' });
  if (!endpoint(e.from))
    problems.push({ field: `${at}.from`, message: 'must be a node id or a non-empty array of node ids' });
  if (!endpoint(e.to))
    problems.push({ field: `${at}.to`, message: 'must be a node id or a non-empty array of node ids' });
  if (Array.isArray(e.from) && Array.isArray(e.to) && e.to.length > 1)
    problems.push({ field: at, message: 'a join (several from) must lead to one node' });
  return problems;
}

function checkConditional(e: unknown, at: string): FieldProblem[] {
  if (!isObj(e)) return [{ field: at, message: 'must be an object' }];
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(e))
    if (!['from', 'branches', 'otherwise'].includes(key))
      problems.push({ field: `${at}.${key}`, message: 'is not an allowed field' });
  if (typeof e.from !== 'string') problems.push({ field: `${at}.from`, message: 'must be a node id' });
  if (typeof e.otherwise !== 'string')
    problems.push({ field: `${at}.otherwise`, message: 'must be a node id (or end)' });
  if (!Array.isArray(e.branches) || e.branches.length === 0 || e.branches.length > 50)
    problems.push({ field: `${at}.branches`, message: 'must be an array of 1-50 { when, to }' });
  else {
    e.branches.forEach((b, i) => {
      if (!isObj(b) || b.when === undefined || typeof b.to !== 'string')
        problems.push({
          field: `${at}.branches[${i}]`,
          message: 'must be { "when": <JSON Logic>, "to": "<node id>" }',
        });
      else problems.push(...checkTemplate(b.when, `${at}.branches[${i}].when`));
    });
  }
  return problems;
}

/** Edges resolved to adjacency, then reference, reachability, termination and cycle checks. */
function checkGraph(definition: WorkflowDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const index = new Map(definition.nodes.map((n, i) => [n.id, i]));
  const known = (id: string) => index.has(id);
  const out = new Map<string, Set<string>>([
    [START_NODE, new Set()],
    ...definition.nodes.map((n) => [n.id, new Set<string>()] as [string, Set<string>]),
  ]);
  const plainSources = new Set<string>();
  const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

  definition.edges.forEach((e, i) => {
    for (const from of list(e.from)) {
      if (from === END_NODE || (!known(from) && from !== START_NODE))
        problems.push({ field: `edges[${i}].from`, message: `node "${from}" does not exist` });
    }
    for (const to of list(e.to)) {
      if (to === START_NODE || (!known(to) && to !== END_NODE))
        problems.push({ field: `edges[${i}].to`, message: `node "${to}" does not exist` });
    }
    for (const from of list(e.from)) {
      plainSources.add(from);
      for (const to of list(e.to)) out.get(from)?.add(to);
    }
  });
  const conditionalSources = new Set<string>();
  (definition.conditionalEdges ?? []).forEach((e, i) => {
    if (!known(e.from))
      problems.push({ field: `conditionalEdges[${i}].from`, message: `node "${e.from}" does not exist` });
    if (conditionalSources.has(e.from))
      problems.push({
        field: `conditionalEdges[${i}].from`,
        message: `node "${e.from}" already has conditional edges`,
      });
    if (plainSources.has(e.from))
      problems.push({
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
        problems.push({ field: t.field, message: `node "${t.to}" does not exist` });
      else out.get(e.from)?.add(t.to);
    }
  });
  if (problems.length) return problems;

  if (!out.get(START_NODE)?.size) return [{ field: 'edges', message: `no edge leaves "${START_NODE}"` }];
  definition.nodes.forEach((n, i) => {
    if (!out.get(n.id)?.size)
      problems.push({
        field: `nodes[${i}]`,
        message: `node "${n.id}" has no outgoing edge (lead it to another node or to "${END_NODE}")`,
      });
  });

  const reachable = walk(START_NODE, out);
  definition.nodes.forEach((n, i) => {
    if (!reachable.has(n.id))
      problems.push({ field: `nodes[${i}]`, message: `node "${n.id}" is unreachable from "${START_NODE}"` });
  });
  const incoming = new Map<string, Set<string>>();
  for (const [from, tos] of out)
    for (const to of tos) (incoming.get(to) ?? incoming.set(to, new Set()).get(to)!).add(from);
  const reachesEnd = walk(END_NODE, incoming);
  if (!reachesEnd.has(START_NODE))
    problems.push({ field: 'edges', message: `the graph has no path from "${START_NODE}" to "${END_NODE}"` });
  definition.nodes.forEach((n, i) => {
    if (reachable.has(n.id) && !reachesEnd.has(n.id))
      problems.push({ field: `nodes[${i}]`, message: `node "${n.id}" has no path to "${END_NODE}"` });
  });

  for (const cycle of cycles(definition.nodes, out)) {
    if (!cycle.some((id) => definition.nodes[index.get(id)!].maxVisits !== undefined)) {
      const at = Math.min(...cycle.map((id) => index.get(id)!));
      problems.push({
        field: `nodes[${at}].maxVisits`,
        message: `the cycle ${[...cycle, cycle[0]].join(' → ')} has no bound: set maxVisits on one of its nodes`,
      });
    }
  }
  return problems;
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
