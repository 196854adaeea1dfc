import type { ObservationNode } from './trace-store.types';

/**
 * Nests spans under their parents. Spans whose parent is not among them (the root, or children
 * of a span that was not sampled or not yet written) become top-level nodes. Input in start
 * order keeps every child list in start order.
 */
export function buildObservationTree(nodes: ObservationNode[]): ObservationNode[] {
  const byId = new Map(nodes.map((n) => [n.spanId, n]));
  const roots: ObservationNode[] = [];
  for (const node of nodes) {
    const parent = node.parentSpanId ? byId.get(node.parentSpanId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
