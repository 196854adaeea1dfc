import { Injectable } from '@nestjs/common';
import {
  BaseStore,
  type GetOperation,
  type Item,
  type ListNamespacesOperation,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchOperation,
} from '@langchain/langgraph';
import type { SearchItem } from '@langchain/langgraph-checkpoint';
import { StoreItemRepository } from '../persistence/store-item.repository';
import type { StoreItem } from './platform.types';

/** How many items one search or namespace listing reads at most before filtering. */
export const STORE_SCAN_LIMIT = 5_000;

/**
 * LangGraph's BaseStore on the service database, one tenant's view: what a node's getStore()
 * returns and what /store serves, so items a graph writes are the items the API lists.
 * `query` ranks by how many of its words the item's value contains (there is no embedding index).
 */
export class TenantStore extends BaseStore {
  constructor(
    private readonly tenant: string,
    private readonly items: StoreItemRepository,
  ) {
    super();
  }

  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const results: unknown[] = [];
    for (const op of operations) results.push(await this.run(op));
    return results as OperationResults<Op>;
  }

  private async run(op: Operation): Promise<unknown> {
    if ('namespacePrefix' in op) return this.searchItems(op);
    if ('matchConditions' in op || ('limit' in op && 'offset' in op && !('key' in op)))
      return this.namespaces(op as ListNamespacesOperation);
    if ('value' in op) {
      const put = op as PutOperation;
      if (put.value === null) await this.items.delete(this.tenant, put.namespace, put.key);
      else await this.items.put(this.tenant, put.namespace, put.key, put.value);
      return undefined;
    }
    const get = op as GetOperation;
    const item = await this.items.get(this.tenant, get.namespace, get.key);
    return item ? toItem(item) : null;
  }

  private async searchItems(op: SearchOperation): Promise<SearchItem[]> {
    const all = await this.items.underPrefix(this.tenant, op.namespacePrefix, STORE_SCAN_LIMIT);
    const filtered = all.filter((item) => matchesFilter(item.value, op.filter));
    const words = (op.query ?? '').toLowerCase().split(/\W+/).filter(Boolean);
    const scored = filtered.map((item) => ({ item, score: words.length ? score(item.value, words) : undefined }));
    if (words.length) scored.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    const offset = op.offset ?? 0;
    return scored
      .filter((s) => !words.length || (s.score ?? 0) > 0)
      .slice(offset, offset + (op.limit ?? 10))
      .map(({ item, score }) => ({ ...toItem(item), ...(score !== undefined ? { score } : {}) }));
  }

  private async namespaces(op: ListNamespacesOperation): Promise<string[][]> {
    const all = await this.items.namespaces(this.tenant, STORE_SCAN_LIMIT);
    const matching = all.filter((ns) =>
      (op.matchConditions ?? []).every((c) => {
        const path = c.path as string[];
        const part = c.matchType === 'prefix' ? ns.slice(0, path.length) : ns.slice(-path.length);
        return path.length <= ns.length && path.every((label, i) => label === '*' || label === part[i]);
      }),
    );
    const cut = op.maxDepth ? matching.map((ns) => ns.slice(0, op.maxDepth)) : matching;
    const unique = [...new Map(cut.map((ns) => [ns.join('.'), ns])).values()];
    return unique.slice(op.offset, op.offset + op.limit);
  }
}

/** One TenantStore per tenant, made on demand (it holds no state of its own). */
@Injectable()
export class TenantStores {
  constructor(private readonly items: StoreItemRepository) {}

  forTenant(tenant: string): TenantStore {
    return new TenantStore(tenant, this.items);
  }
}

function toItem(item: StoreItem): Item {
  return {
    namespace: item.namespace,
    key: item.key,
    value: item.value,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** Equality on each filter key; `{ $eq, $ne, $gt, $gte, $lt, $lte }` as LangGraph's stores accept. */
export function matchesFilter(value: Record<string, unknown>, filter?: Record<string, unknown>): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, wanted]) => {
    const have = key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
    if (wanted && typeof wanted === 'object' && !Array.isArray(wanted)) {
      return Object.entries(wanted as Record<string, unknown>).every(([op, operand]) => {
        const [a, b] = [have as number, operand as number];
        if (op === '$eq') return JSON.stringify(have) === JSON.stringify(operand);
        if (op === '$ne') return JSON.stringify(have) !== JSON.stringify(operand);
        if (op === '$gt') return a > b;
        if (op === '$gte') return a >= b;
        if (op === '$lt') return a < b;
        if (op === '$lte') return a <= b;
        return JSON.stringify(have?.[op as never]) === JSON.stringify(operand);
      });
    }
    return JSON.stringify(have) === JSON.stringify(wanted);
  });
}

function score(value: Record<string, unknown>, words: string[]): number {
  const text = JSON.stringify(value).toLowerCase();
  return words.filter((w) => text.includes(w)).length / words.length;
}
