// Regenerates the bundled demo sample: npx tsx deploy/pipeline/write-demo-sample.ts
// Timestamps end at a fixed instant; the demo's replay source shifts them so the newest mention is "now".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_BRANDS, generateBrandSample } from './demo-sample';

const outDir = join(__dirname, 'sample');
mkdirSync(outDir, { recursive: true });
for (const brand of DEMO_BRANDS) {
  const mentions = generateBrandSample(brand, new Date('2026-11-01T12:00:00Z'));
  writeFileSync(join(outDir, `${brand.id}.jsonl`), mentions.map((m) => JSON.stringify(m)).join('\n') + '\n');
  console.log(`${brand.id}: ${mentions.length} mentions`);
}
