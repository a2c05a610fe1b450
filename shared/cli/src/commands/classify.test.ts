import { PassThrough, Readable } from 'node:stream';
import { createClassifier, loadModel } from '@crumbtrail/nlp';
import { classifyStream } from './classify';

const classifier = createClassifier(loadModel());

async function run(input: string): Promise<{ out: string[]; err: string; bad: number }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  out.on('data', (c: Buffer) => outChunks.push(c));
  err.on('data', (c: Buffer) => errChunks.push(c));
  const bad = await classifyStream(Readable.from([input]), out, err, classifier);
  return {
    out: Buffer.concat(outChunks).toString('utf8').split('\n').filter(Boolean),
    err: Buffer.concat(errChunks).toString('utf8'),
    bad,
  };
}

describe('crumbtrail classify', () => {
  it('writes one JSON line per input line with id, lang, sentiment and intent', async () => {
    const { out, bad } = await run(
      '{"id":"a","text":"I love it, thank you!"}\n{"id":"b","text":"Ужасный сервис","lang":"ru"}\n',
    );
    expect(bad).toBe(0);
    const rows = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(rows[0]).toMatchObject({
      lang: 'en',
      sentiment: { label: 'positive' },
      intent: { label: 'praise' },
    });
    expect(rows[1]).toMatchObject({ lang: 'ru', langSource: 'source', sentiment: { label: 'negative' } });
    expect(rows[1]).toHaveProperty('intent.confidence');
    expect(rows[1]).toHaveProperty('sentiment.score');
  });

  it('reports bad lines on stderr by line number and still classifies the rest', async () => {
    const { out, err, bad } = await run(
      '{"id":"1","text":"fine"}\nnot json\n\n{"id":"4"}\n{"id":"5","text":"ok","lang":7}\n{"id":"6","text":"great"}\n',
    );
    expect(bad).toBe(3);
    expect(out.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['1', '6']);
    expect(err).toContain('line 2: not valid JSON');
    expect(err).toContain('line 4: "text" must be a string');
    expect(err).toContain('line 5: "lang" must be a string');
  });
});
