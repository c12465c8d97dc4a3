// Starting nats-server processes (one node or a cluster) on loopback with temporary stores: used by
// the tests' harness (libs/testing re-exports it) and by benchmarks that need a private server.
export * from './free-port';
export * from './nats-binary';
export * from './nats-server';
export * from './retry-for';
