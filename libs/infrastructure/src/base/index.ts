export * from './base-logger';
export * from './base-config';
export * from './base-error-handler';
export * from './base-performance';
export * from './base-cache';
export * from './base-response';
