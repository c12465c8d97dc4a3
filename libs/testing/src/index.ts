export * from '@helios/nats-server';
export * from './bus-contract';
