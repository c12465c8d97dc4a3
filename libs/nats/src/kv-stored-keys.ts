import type { JetStreamManager } from '@nats-io/jetstream';

/**
 * The keys of KV `bucket` matching `filter` (a key pattern: `strategy.>`, `instance.*.*`) that have
 * a stored message, sorted, read from the bucket stream's subjects: no consumer is made. nats.js's
 * `kv.keys()` creates a consumer per call and does not delete it: it stays on the server until its
 * inactivity threshold (5 minutes), which adds up for a caller that lists often (a page polling
 * every few seconds kept ~100 on the config bucket). A deleted or purged key keeps its marker
 * message, so it is listed: read its entry to tell. Keys come back as stored (Helios keys are plain
 * tokens, not encoded).
 */
export async function storedKvKeys(jsm: JetStreamManager, bucket: string, filter = '>'): Promise<string[]> {
  const prefix = `$KV.${bucket}.`;
  const info = await jsm.streams.info(`KV_${bucket}`, { subjects_filter: prefix + filter });
  return Object.keys(info.state.subjects ?? {})
    .map((subject) => subject.slice(prefix.length))
    .sort();
}
