export * from './strategy-decider';
