/**
 * Writes schemas/*.schema.json (event contracts, strategy graph) and removes files no longer generated.
 * Run: npm run gen:schemas. tools/tests/schemas-drift.spec.ts fails when schemas/ drifts from this output.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allSchemaFiles } from './lib/schema-files';

const dir = join(__dirname, '..', 'schemas');
const files = allSchemaFiles();
mkdirSync(dir, { recursive: true });

const removed = readdirSync(dir).filter((name) => name.endsWith('.schema.json') && !(name in files));
for (const name of removed) rmSync(join(dir, name));
for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);

console.log(`schemas/: wrote ${Object.keys(files).length} files${removed.length > 0 ? `, removed ${removed.join(', ')}` : ''}`);
