export * from './clock';
export * from './schedulable-job';
export * from './work-events';
