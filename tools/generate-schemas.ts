/**
 * Writes schemas/*.schema.json from the typebox contracts and removes files no longer generated.
 * Run: npm run gen:schemas. The contracts test fails when schemas/ drifts from this output.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateJsonSchemas } from '@helios/contracts';

const dir = join(__dirname, '..', 'schemas');
const files = generateJsonSchemas();
mkdirSync(dir, { recursive: true });

const removed = readdirSync(dir).filter((name) => name.endsWith('.schema.json') && !(name in files));
for (const name of removed) rmSync(join(dir, name));
for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);

console.log(`schemas/: wrote ${Object.keys(files).length} files${removed.length > 0 ? `, removed ${removed.join(', ')}` : ''}`);
