import type { NatsConnection } from '@nats-io/transport-node';
import { RunStore } from '@helios/nats';
import type { GatewayContext } from '../route';

// One store per connection: opening one looks the object store up on the server.
const stores = new WeakMap<NatsConnection, Promise<RunStore>>();

export function runStoreOf(ctx: GatewayContext): Promise<RunStore> {
  let store = stores.get(ctx.nc);
  if (store === undefined) {
    store = RunStore.open(ctx.nc, { src: 'supervisor', now: ctx.now });
    // A failed open (topology not there yet) is retried on the next request.
    store.catch(() => stores.delete(ctx.nc));
    stores.set(ctx.nc, store);
  }
  return store;
}
