import { decodeEvent, DLQ_RAW_LIMIT, makeIssue, type DecodeFailure, type SystemCmdPayload } from '@helios/contracts';

export interface CommandOutcome {
  ok: boolean;
  error?: string;
}

export type ParsedCommand = { ok: true; command: SystemCmdPayload } | { ok: false; failure: DecodeFailure };

/**
 * A message from `system.cmd.<service>.<instance|_all>` as a command for `service`, or the reason
 * it is not one (in the shape of a decode failure, so it can be dead-lettered like any bad input).
 */
export function parseCommand(data: Uint8Array, service: string, maxBytes: number): ParsedCommand {
  const decoded = decodeEvent(data, { maxBytes });
  if (!decoded.ok) return { ok: false, failure: decoded };
  const refuse = (path: string, rule: string, detail: string): ParsedCommand => {
    const issue = makeIssue(path, rule, detail);
    const text = new TextDecoder().decode(data);
    const raw = text.slice(0, DLQ_RAW_LIMIT);
    return { ok: false, failure: { ok: false, reason: 'invalid-payload', message: issue.message, errors: [issue], raw, rawTruncated: raw.length < text.length } };
  };
  const event = decoded.event;
  if (event.type !== 'system.cmd') return refuse('/type', 'commandType', `a command subject carries system.cmd events, got ${event.type}`);
  if (event.payload.service !== service) {
    return refuse('/payload/service', 'commandTarget', `command for service ${JSON.stringify(event.payload.service)} sent to ${service}`);
  }
  return { ok: true, command: event.payload };
}
