export * from './decider';
export * from './derive';
export * from './given-when-then';
export * from './snapshot-json';
