import { subjects, type HeliosEvent } from '@helios/contracts';
import type { SpawnedService } from '@helios/nest';
import { collect, waitFor, type Fixture } from '@helios/testing-services';

/** Waits for a spawned service's heartbeat to say `live`; fails at once, with its output, if it exits. */
export async function waitLive(fx: Fixture, p: SpawnedService, service: string, instance = 'it'): Promise<void> {
  const beats = collect(fx.nc, subjects.heartbeat(service, instance));
  try {
    await waitFor(
      `${service} to be live`,
      () => {
        if (p.child.exitCode !== null) throw new Error(`${service} exited (${p.child.exitCode}):\n${p.stderr()}\n${p.stdout().slice(-3000)}`);
        return beats.events.some((e) => ((e.payload as HeliosEvent<'system.heartbeat'>['payload']).details as { phase: string }).phase === 'live');
      },
      30_000,
    );
  } finally {
    beats.close();
  }
}
