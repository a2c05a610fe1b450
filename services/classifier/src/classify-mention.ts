import type { ClassifiedMention, DlqErrorKind, RawMention } from '@crumbtrail/contracts';
import type { ClassificationResult, Classifier } from '@crumbtrail/nlp';

export interface ClassifyPolicy {
  classifier: Pick<Classifier, 'classify' | 'modelVersion'>;
  knownBrands: ReadonlySet<string>;
  /** Mentions stamped further in the future than this are rejected: they would sit in trend buckets that don't exist yet. */
  maxFutureSkewMs: number;
}

export type ClassifyResult =
  | { kind: 'classified'; event: ClassifiedMention }
  | { kind: 'rejected'; errorKind: DlqErrorKind; reason: string };

/** Decides what happens to one raw mention. Pure: the clock comes in as `now`. */
export function classifyMention(raw: RawMention, policy: ClassifyPolicy, now: Date): ClassifyResult {
  if (!policy.knownBrands.has(raw.brand)) {
    return { kind: 'rejected', errorKind: 'unknown_brand', reason: `brand "${raw.brand}" is not configured` };
  }
  const publishedAt = Date.parse(raw.publishedAt);
  if (publishedAt - now.getTime() > policy.maxFutureSkewMs) {
    return {
      kind: 'rejected',
      errorKind: 'rejected',
      reason: `publishedAt ${raw.publishedAt} is more than ${Math.round(policy.maxFutureSkewMs / 60_000)} min in the future`,
    };
  }
  const input = {
    text: raw.text,
    ...(raw.title ? { title: raw.title } : {}),
    ...(raw.lang ? { lang: raw.lang } : {}),
  };
  const result: ClassificationResult = policy.classifier.classify(input);
  return {
    kind: 'classified',
    event: {
      ...raw,
      classification: {
        ...result,
        modelVersion: policy.classifier.modelVersion,
        classifiedAt: now.toISOString(),
      },
    },
  };
}
