// Writes shared/contracts/schemas/*.schema.json from the zod schemas. Run: npm run schemas -w @crumbtrail/contracts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderJsonSchema, topicJsonSchemas } from '../src/json-schemas';

const outDir = join(__dirname, '..', 'schemas');
mkdirSync(outDir, { recursive: true });
for (const [file, schema] of Object.entries(topicJsonSchemas())) {
  writeFileSync(join(outDir, file), renderJsonSchema(schema));
  console.log(`wrote ${join('shared/contracts/schemas', file)}`);
}
