import { validateDefinition, ValidationContext } from './definition.validator';

const ctx: ValidationContext = { taskTypes: ['trading_signal', 'risk_assessment'], agentsAvailable: false, maxNodes: 5, maxTimeoutMs: 60_000 };
const base = () => ({
  name: 'flow',
  nodes: [{ id: 'a', kind: 'transform', output: 1 } as Record<string, unknown>],
  edges: [{ from: 'start', to: 'a' }, { from: 'a', to: 'end' }] as Record<string, unknown>[],
});
const fields = (raw: unknown, c = ctx) => validateDefinition(raw, c).map((p) => `${p.field}: ${p.message}`);

describe('validateDefinition', () => {
  it('accepts a minimal valid definition, fan-out, join and a bounded cycle', () => {
    expect(fields(base())).toEqual([]);
    expect(
      fields({
        name: 'ok',
        nodes: [
          { id: 'a', kind: 'transform', output: 1 },
          { id: 'b', kind: 'task', taskType: 'trading_signal', input: { candles: { var: 'input.candles' } }, retry: { maxAttempts: 3 } },
          { id: 'c', kind: 'transform', output: 2, maxVisits: 3 },
        ],
        edges: [{ from: 'start', to: ['a', 'b'] }, { from: ['a', 'b'], to: 'c' }],
        conditionalEdges: [{ from: 'c', branches: [{ when: { '<': [{ var: 'visits.c' }, 3] }, to: 'c' }], otherwise: 'end' }],
      }),
    ).toEqual([]);
  });

  it('names the node for agent nodes when no agent coordinator is present, and accepts them when it is', () => {
    const d = { ...base(), nodes: [{ id: 'a', kind: 'agent', to: { capability: 'risk' }, messageType: 'risk_assessment', payload: {} }] };
    expect(fields(d)).toEqual(['nodes[0].kind: agent nodes need the agent coordinator, which is not available in this service (node "a")']);
    expect(fields(d, { ...ctx, agentsAvailable: true })).toEqual([]);
  });

  it('bounds the number of nodes and checks names and ids', () => {
    const many = { ...base(), nodes: Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, kind: 'transform', output: i })) };
    expect(fields(many)).toEqual(['nodes: must hold at most 5 nodes']);
    expect(fields({ ...base(), name: 'Bad Name' })[0]).toMatch(/^name: /);
    expect(fields({ ...base(), nodes: [{ id: 'end', kind: 'transform', output: 1 }] })[0]).toMatch(/^nodes\[0\]\.id: /);
    expect(fields('nope')).toEqual(['definition: must be an object']);
  });

  it('reports an unbounded self-loop on that node', () => {
    const d = { ...base(), edges: [{ from: 'start', to: 'a' }], conditionalEdges: [{ from: 'a', branches: [{ when: true, to: 'a' }], otherwise: 'end' }] };
    expect(fields(d)).toEqual(['nodes[0].maxVisits: the cycle a → a has no bound: set maxVisits on one of its nodes']);
  });

  it('refuses a node with both plain and conditional edges, and a join leading to several nodes', () => {
    const both = { ...base(), conditionalEdges: [{ from: 'a', branches: [{ when: true, to: 'end' }], otherwise: 'end' }] };
    expect(fields(both)[0]).toMatch(/conditionalEdges\[0\]\.from: node "a" has plain edges too/);
    const join = { ...base(), nodes: [...base().nodes, { id: 'b', kind: 'transform', output: 1 }], edges: [{ from: 'start', to: ['a', 'b'] }, { from: ['a', 'b'], to: ['end', 'end'] }] };
    expect(fields(join)).toEqual(['edges[1]: a join (several from) must lead to one node']);
  });
});
