import { InMemoryBus, LiveClock } from '@helios/kernel';
import { BUS_CONTRACT_STREAMS, describeBusContract } from './bus-contract';

// The same suite runs against JetStreamBus on a real server in libs/nats.
describeBusContract('InMemoryBus', async () => {
  const bus = new InMemoryBus({ clock: new LiveClock(), streams: BUS_CONTRACT_STREAMS });
  return { bus, teardown: () => bus.close() };
});
