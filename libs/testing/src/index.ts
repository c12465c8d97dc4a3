export * from './free-port';
export * from './nats-binary';
export * from './nats-server';
export * from './bus-contract';
