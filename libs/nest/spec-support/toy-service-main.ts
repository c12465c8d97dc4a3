// The toy service as its own process, for the tests whose point is the process (SIGKILL, SIGTERM,
// exit codes). HELIOS_TEST_CRASH_AFTER_PUBLISH=n kills it with SIGKILL right after the outputs of
// its n-th input are stored and before that input is acked: the window a crash-safe
// service must survive.
import { runServiceProcess } from '../src';
import { createToyDecider, ToyConfigSchema, TOY_DEFAULTS } from './toy-decider';

const crashAfter = Number(process.env['HELIOS_TEST_CRASH_AFTER_PUBLISH'] ?? '0');
let published = 0;

void runServiceProcess({
  name: 'toy',
  description: 'test service: running count and sum of candle closes',
  decider: createToyDecider,
  inputs: ['md.candle'],
  configSchema: ToyConfigSchema,
  defaultConfig: TOY_DEFAULTS,
  heartbeatMs: 200,
  consumer: { ackWaitMs: 2_000 },
  hooks:
    crashAfter > 0
      ? {
          afterPublish: () => {
            if (++published === crashAfter) process.kill(process.pid, 'SIGKILL');
          },
        }
      : undefined,
});
