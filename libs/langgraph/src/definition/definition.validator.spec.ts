import { validateDefinition, ValidationContext } from './definition.validator';

const ctx: ValidationContext = {
  taskTypes: ['trading_signal', 'risk_assessment'],
  agentsAvailable: false,
  maxNodes: 5,
  maxTimeoutMs: 60_000,
};
const base = () => ({
  name: 'flow',
  nodes: [{ id: 'a', kind: 'transform', output: 1 } as Record<string, unknown>],
  edges: [
    { from: 'start', to: 'a' },
    { from: 'a', to: 'end' },
  ] as Record<string, unknown>[],
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
          {
            id: 'b',
            kind: 'task',
            taskType: 'trading_signal',
            input: { candles: { var: 'input.candles' } },
            retry: { maxAttempts: 3 },
          },
          { id: 'c', kind: 'transform', output: 2, maxVisits: 3 },
        ],
        edges: [
          { from: 'start', to: ['a', 'b'] },
          { from: ['a', 'b'], to: 'c' },
        ],
        conditionalEdges: [
          { from: 'c', branches: [{ when: { '<': [{ var: 'visits.c' }, 3] }, to: 'c' }], otherwise: 'end' },
        ],
      }),
    ).toEqual([]);
  });

  it('names the node for agent nodes when no agent coordinator is present, and accepts them when it is', () => {
    const d = {
      ...base(),
      nodes: [{ id: 'a', kind: 'agent', to: { capability: 'risk' }, messageType: 'risk_assessment', payload: {} }],
    };
    expect(fields(d)).toEqual([
      'nodes[0].kind: agent nodes need the agent coordinator, which is not available in this service (node "a")',
    ]);
    expect(fields(d, { ...ctx, agentsAvailable: true })).toEqual([]);
  });

  it('bounds the number of nodes and checks names and ids', () => {
    const many = {
      ...base(),
      nodes: Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, kind: 'transform', output: i })),
    };
    expect(fields(many)).toEqual(['nodes: must hold at most 5 nodes']);
    expect(fields({ ...base(), name: 'Bad Name' })[0]).toMatch(/^name: /);
    expect(fields({ ...base(), nodes: [{ id: 'end', kind: 'transform', output: 1 }] })[0]).toMatch(/^nodes\[0\]\.id: /);
    expect(fields('nope')).toEqual(['definition: must be an object']);
  });

  it('reports an unbounded self-loop on that node', () => {
    const d = {
      ...base(),
      edges: [{ from: 'start', to: 'a' }],
      conditionalEdges: [{ from: 'a', branches: [{ when: true, to: 'a' }], otherwise: 'end' }],
    };
    expect(fields(d)).toEqual(['nodes[0].maxVisits: the cycle a → a has no bound: set maxVisits on one of its nodes']);
  });

  it('refuses a node with both plain and conditional edges, and a join leading to several nodes', () => {
    const both = {
      ...base(),
      conditionalEdges: [{ from: 'a', branches: [{ when: true, to: 'end' }], otherwise: 'end' }],
    };
    expect(fields(both)[0]).toMatch(/conditionalEdges\[0\]\.from: node "a" has plain edges too/);
    const join = {
      ...base(),
      nodes: [...base().nodes, { id: 'b', kind: 'transform', output: 1 }],
      edges: [
        { from: 'start', to: ['a', 'b'] },
        { from: ['a', 'b'], to: ['end', 'end'] },
      ],
    };
    expect(fields(join)).toEqual(['edges[1]: a join (several from) must lead to one node']);
  });

  it('checks risk_gate nodes: onBreach, exposure, desk, and approval only with interrupt', () => {
    const gate = (node: Record<string, unknown>) => ({ ...base(), nodes: [{ id: 'a', kind: 'risk_gate', ...node }] });
    const exposure = { notional: { var: 'input.notional' } };
    expect(fields(gate({ exposure, onBreach: 'fail', desk: { var: 'input.desk' } }))).toEqual([]);
    const approval = { expiresAfterMs: 60000, priceBand: 0.02 };
    expect(fields(gate({ exposure, onBreach: 'interrupt', desk: 'equities', approval }))).toEqual([]);
    expect(fields(gate({ exposure, onBreach: 'warn' }))[0]).toMatch(/^nodes\[0\]\.onBreach: must be fail/);
    expect(fields(gate({ onBreach: 'fail' }))).toEqual(['nodes[0].exposure: is required']);
    expect(fields(gate({ exposure, onBreach: 'fail', desk: 'no spaces' }))[0]).toMatch(/^nodes\[0\]\.desk: /);
    expect(fields(gate({ exposure, onBreach: 'fail', approval: { priceBand: 0.02 } }))).toEqual([
      'nodes[0].approval: applies only with onBreach: interrupt',
    ]);
    const bad = gate({ exposure, onBreach: 'interrupt', approval: { expiresAfterMs: 5, priceBand: 2, colour: 'red' } });
    expect(fields(bad).map((f) => f.split(':')[0])).toEqual([
      'nodes[0].approval.colour',
      'nodes[0].approval.expiresAfterMs',
      'nodes[0].approval.priceBand',
    ]);
  });
});
