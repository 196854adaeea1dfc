import { Injectable, SetMetadata } from '@nestjs/common';
import { DiscoveryService, ModuleRef, Reflector } from '@nestjs/core';

export interface Registration<M, T = unknown> {
  metadata: M;
  instance: T;
}

/**
 * Creates a class decorator under a metadata key. A library marks a provider with it; a generic
 * library (scheduler, monitoring) finds every marked provider with `ContainerCore.discover`
 * without importing the library that declared it.
 */
export function createRegistrationDecorator<M>(key: string): (metadata: M) => ClassDecorator {
  return (metadata: M) => SetMetadata(key, metadata);
}

/** Lookup and discovery over Nest's own container (ModuleRef, DiscoveryService). */
@Injectable()
export class ContainerCore {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  discover<M, T = unknown>(key: string): Registration<M, T>[] {
    const found: Registration<M, T>[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype || typeof metatype !== 'function') continue;
      const metadata = this.reflector.get<M>(key, metatype);
      if (metadata !== undefined) found.push({ metadata, instance: instance as T });
    }
    return found;
  }

  resolve<T>(token: string | symbol | (abstract new (...args: never[]) => T)): T {
    return this.moduleRef.get(token as never, { strict: false }) as T;
  }
}
