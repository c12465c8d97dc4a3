export * from './ports/clock';
export * from './ports/bus';
