export * from './ring-buffer';
export * from './bounded-set';
