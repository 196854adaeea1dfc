export * from './event-core';
export * from './validation-core';
export * from './container-core';
export * from './factory-core';
