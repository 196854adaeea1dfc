/** Public face of @app/infrastructure. Anything not exported here is private to the library. */
export * from './base';
export * from './core';
export * from './optional';
export * from './persistence';
export * from './security';
export * from './audit';
export * from './infrastructure.module';
