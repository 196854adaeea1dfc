export * from './error-codes';
export * from './app-error';
export * from './validation-problems';
export * from './core-error-handler';
export * from './dependency-outage';
