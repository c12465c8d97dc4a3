// Public API of @helios/nest: the NestJS JetStream transport and the Helios service shell.
export { JetStreamTransport, type JetStreamTransportOptions } from './transport/jetstream-transport';
export { JetStreamContext } from './transport/jetstream-context';
export { durableForPattern } from './transport/durable-name';
export { KeepRpcErrors } from './transport/keep-rpc-errors';

export { createService, type ServiceHandle } from './shell/create-service';
export { DEFAULT_CONSUMER_TUNING, type ConsumerTuning, type ReconfigureResult, type ServiceOptions } from './shell/service-options';
export { hasSnapshotHooks, type ServiceDecider } from './shell/service-decider';
export { filterOfType, resolveInputs, streamOfFilter, type InputSpec, type StreamInputs } from './shell/inputs';
export { resolveServiceConfig, ServiceConfigError } from './shell/service-config';
export type { CommandOutcome } from './shell/commands';
export type { ServiceCounters, ServicePhase } from './shell/service-runtime';
export { AppliedLog } from './shell/applied-log';
export { RunScope } from './shell/run-scope';

export { runServiceProcess, type ProcessIo, type ServiceProcessSpec } from './launch/run-service-process';
export { parseServiceArgs, serviceUsage, SERVICE_FLAGS, UsageError, type ServiceArgs } from './launch/service-args';
export { logLines, spawnService, type SpawnedService, type SpawnServiceOptions } from './launch/spawn-service';
