import { Injectable } from '@nestjs/common';
import { AppError } from '@app/infrastructure';
import { StoreItemRepository } from '../persistence/store-item.repository';
import type { StoreItem } from './platform.types';
import { TenantStores } from './tenant-store';

/** The long-term store as the API serves it: the same items a node's getStore() reads and writes. */
@Injectable()
export class StoreService {
  constructor(
    private readonly stores: TenantStores,
    private readonly items: StoreItemRepository,
  ) {}

  put(tenant: string, namespace: string[], key: string, value: Record<string, unknown>): Promise<void> {
    return this.items.put(tenant, namespace, key, value);
  }

  async get(tenant: string, namespace: string[], key: string): Promise<StoreItem> {
    const item = await this.items.get(tenant, namespace, key);
    if (!item) throw AppError.notFound('store item', `${namespace.join('.')}/${key}`);
    return item;
  }

  delete(tenant: string, namespace: string[], key: string): Promise<void> {
    return this.items.delete(tenant, namespace, key);
  }

  search(
    tenant: string,
    prefix: string[],
    options: { filter?: Record<string, unknown>; limit: number; offset: number; query?: string },
  ) {
    return this.stores.forTenant(tenant).search(prefix, options);
  }

  namespaces(
    tenant: string,
    options: { prefix?: string[]; suffix?: string[]; maxDepth?: number; limit: number; offset: number },
  ): Promise<string[][]> {
    return this.stores.forTenant(tenant).listNamespaces(options);
  }
}
