import { randomUUID } from 'node:crypto';
import { createEvent, subjects, type SystemCmdPayload } from '@helios/contracts';
import { ApiFailure, type GatewayContext } from './route';

/**
 * Sends a `system.cmd` to one instance (or `_all`) and waits for the shell's `{ ok, error? }` reply
 * (ADR 0007). Commands are core NATS, for the processes running now: no answer means nothing runs
 * there (409); a refusal (a reconfigure the service rejects) comes back as `ok: false`.
 */
export async function sendCommand(ctx: GatewayContext, cmd: SystemCmdPayload, timeoutMs = 3_000): Promise<{ ok: boolean; error?: string }> {
  const body = await commandReply(ctx, cmd, timeoutMs);
  if (body === undefined) {
    throw new ApiFailure(409, `no ${cmd.service} process${cmd.instance ? ` with instance ${cmd.instance}` : ''} is running to take "${cmd.command}" (no answer within ${timeoutMs} ms)`, 'instance');
  }
  return { ok: body['ok'] === true, error: typeof body['error'] === 'string' ? body['error'] : undefined };
}

/** The whole JSON reply of the process the command reached, or undefined when none answered in time. */
export async function commandReply(ctx: Pick<GatewayContext, 'nc' | 'now'>, cmd: SystemCmdPayload, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
  const instance = cmd.instance ?? '_all';
  const at = ctx.now();
  const event = createEvent('system.cmd', cmd, { id: `supervisor-${cmd.command}-${cmd.service}-${instance}-${at}-${randomUUID().slice(0, 8)}`, ts: at, src: 'supervisor', run: 'live' });
  const subject = subjects.cmd(cmd.service, instance);
  // The SYSTEM stream captures system.> and answers every publish with its PubAck: that reply is
  // skipped, the process's own answer is the one that counts. Only the stream answering = nobody runs it.
  const replies = await ctx.nc.requestMany(subject, JSON.stringify(event), { strategy: 'count', maxMessages: 2, maxWait: timeoutMs });
  for await (const msg of replies) {
    if (msg.data.length === 0) continue;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(msg.string()) as Record<string, unknown>;
    } catch {
      continue;
    }
    if ('stream' in body && 'seq' in body) continue;
    return body;
  }
  return undefined;
}
