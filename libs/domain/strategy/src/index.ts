export * from './strategy-decider';
export * from './strategy-definition';
