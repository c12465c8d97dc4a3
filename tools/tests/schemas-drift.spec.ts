import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeSchemaDrift } from '@helios/contracts';
import { allSchemaFiles } from '../lib/schema-files';

const dir = join(__dirname, '..', '..', 'schemas');

describe('schemas/', () => {
  it('holds exactly what `npm run gen:schemas` writes: no stale, missing or leftover file', () => {
    const onDisk = Object.fromEntries(
      readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]),
    );
    expect(describeSchemaDrift(allSchemaFiles(), onDisk)).toBeNull();
  });

  it('reports a leftover file by name', () => {
    const files = allSchemaFiles();
    expect(describeSchemaDrift(files, { ...files, 'md.old.v1.schema.json': '{}\n' })).toContain('extra: md.old.v1.schema.json');
  });
});
