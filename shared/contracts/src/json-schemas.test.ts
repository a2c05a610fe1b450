import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderJsonSchema, topicJsonSchemas } from './json-schemas';

const schemasDir = join(__dirname, '..', 'schemas');

describe('generated JSON Schema files', () => {
  const generated = topicJsonSchemas();

  it.each(Object.keys(generated))(
    '%s is up to date (run: npm run schemas -w @crumbtrail/contracts)',
    (file) => {
      const committed = readFileSync(join(schemasDir, file), 'utf8');
      expect(committed).toBe(renderJsonSchema(generated[file]));
    },
  );

  it('has no stale files for topics that no longer exist', () => {
    expect(readdirSync(schemasDir).sort()).toEqual(Object.keys(generated).sort());
  });
});
