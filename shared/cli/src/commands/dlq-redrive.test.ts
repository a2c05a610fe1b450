import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixFile } from './dlq-redrive';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'redrive-')), 'fixed.jsonl');
  writeFileSync(path, text);
  return path;
}

describe('readFixFile', () => {
  it('maps every corrected event by its eventId, skipping blank lines', () => {
    const fixes = readFixFile(file('{"eventId":"a","text":"one"}\n\n{"eventId":"b","text":"two"}\n'));
    expect([...fixes.keys()]).toEqual(['a', 'b']);
    expect(fixes.get('b')).toEqual({ eventId: 'b', text: 'two' });
  });

  it('names the line that is not JSON or has no eventId', () => {
    expect(() => readFixFile(file('{"eventId":"a"}\n{oops\n'))).toThrow(/fixed\.jsonl:2: not JSON/);
    expect(() => readFixFile(file('{"text":"no id"}\n'))).toThrow(/fixed\.jsonl:1: no "eventId"/);
  });
});
