import type { TSchema } from 'typebox';
import { EnvelopeSchema } from './envelope';
import { registry, type EventType } from './registry';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
/** Base of the `$id`s of generated files; an identifier, not a URL anyone serves. */
export const SCHEMA_BASE_URI = 'https://helios.local/schemas/';
export const ENVELOPE_SCHEMA_FILE = 'envelope.schema.json';

export function schemaFileName(type: EventType, v: number): string {
  return `${type}.v${v}.schema.json`;
}

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Plain JSON copy of a typebox schema: drops typebox's non-enumerable bookkeeping. */
function plain(schema: TSchema): { [key: string]: Json } {
  return JSON.parse(JSON.stringify(schema)) as { [key: string]: Json };
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
    return sorted;
  }
  return value;
}

/** Sorted keys, 2-space indent, trailing newline: the same input always gives the same bytes. */
export function renderJson(value: Json): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function envelopeBody(): { [key: string]: Json } {
  const body = plain(EnvelopeSchema);
  delete body['$id'];
  delete body['title'];
  return body;
}

/** The full envelope schema of one event type and version, payload embedded, `type` and `v` fixed. */
export function eventJsonSchema(type: EventType, v: number): { [key: string]: Json } {
  const version = registry.version(type, v);
  const payload = plain(version.schema);
  const body = envelopeBody();
  const properties = body['properties'] as { [key: string]: Json };
  properties['type'] = { type: 'string', const: type };
  properties['v'] = { type: 'integer', const: v };
  properties['payload'] = payload;
  const notes = version.notes ?? [];
  const description =
    `${String(payload['description'] ?? type)} Current version: v${registry.currentVersion(type)}.` +
    (notes.length > 0 ? ` Also enforced by @helios/contracts (not expressible in JSON Schema): ${notes.join('; ')}.` : '');
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: SCHEMA_BASE_URI + schemaFileName(type, v),
    title: `${type} v${v}`,
    description,
    ...body,
  };
}

export function envelopeJsonSchema(): { [key: string]: Json } {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: SCHEMA_BASE_URI + ENVELOPE_SCHEMA_FILE,
    title: 'Helios event envelope',
    description: 'Common envelope of every Helios event; the payload is described per type and version.',
    ...envelopeBody(),
  };
}

/** Every JSON Schema file of the contracts, by file name: one per event type and version plus the envelope. */
export function generateJsonSchemas(): Record<string, string> {
  const files: Record<string, string> = { [ENVELOPE_SCHEMA_FILE]: renderJson(envelopeJsonSchema()) };
  for (const type of registry.types) {
    for (const { v } of registry.get(type).versions) files[schemaFileName(type, v)] = renderJson(eventJsonSchema(type, v));
  }
  return files;
}

/**
 * Compares generated files with those on disk. Returns null when they agree, else a message naming
 * stale, missing and extra files and how to regenerate them.
 */
export function describeSchemaDrift(expected: Record<string, string>, onDisk: Record<string, string>): string | null {
  const stale = Object.keys(expected).filter((name) => name in onDisk && onDisk[name] !== expected[name]);
  const missing = Object.keys(expected).filter((name) => !(name in onDisk));
  const extra = Object.keys(onDisk).filter((name) => !(name in expected));
  if (stale.length + missing.length + extra.length === 0) return null;
  const parts = [
    stale.length > 0 ? `stale: ${stale.sort().join(', ')}` : '',
    missing.length > 0 ? `missing: ${missing.sort().join(', ')}` : '',
    extra.length > 0 ? `extra: ${extra.sort().join(', ')}` : '',
  ].filter(Boolean);
  return `schemas/ does not match the contracts (${parts.join('; ')}). Run \`npm run gen:schemas\` and commit the result.`;
}
