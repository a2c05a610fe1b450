// Synthetic input for the load and reliability runs: valid raw mentions (deterministic, a realistic mix of
// lengths, languages, sentiments and sources), a matching brands.yaml, and a catalogue of bad messages.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { eventId, RawMention, type SourceName } from '@crumbtrail/contracts';
import { stringify } from 'yaml';

/** Deterministic PRNG (mulberry32): the same seed gives the same mention on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

export interface LoadBrand {
  id: string;
  name: string;
}

const BRAND_STEMS = [
  'acme',
  'nordlicht',
  'volta',
  'orbit',
  'pixel',
  'tundra',
  'harbor',
  'lumen',
  'quarry',
  'zephyr',
  'cobalt',
  'maple',
  'saffron',
  'granite',
  'ember',
  'juniper',
];
const BRAND_KINDS = ['cloud', 'coffee', 'bikes', 'bank', 'air', 'games', 'foods', 'mobile'];

/** `count` brands with stable ids (`load-acme-cloud`, ...). */
export function loadBrands(count: number): LoadBrand[] {
  const brands: LoadBrand[] = [];
  for (let i = 0; i < count; i += 1) {
    const stem = BRAND_STEMS[i % BRAND_STEMS.length] as string;
    const kind = BRAND_KINDS[Math.floor(i / BRAND_STEMS.length) % BRAND_KINDS.length] as string;
    const round = Math.floor(i / (BRAND_STEMS.length * BRAND_KINDS.length));
    const id = `load-${stem}-${kind}${round > 0 ? `-${round}` : ''}`;
    const name = `${stem[0]!.toUpperCase()}${stem.slice(1)} ${kind[0]!.toUpperCase()}${kind.slice(1)}`;
    brands.push({ id, name });
  }
  return brands;
}

/**
 * A brands.yaml for the given brands: no poll sources (the load generator is the only producer), alerts at normal
 * sensitivity and, when given, one recipient per brand.
 */
export function writeBrandsYaml(file: string, brands: LoadBrand[], recipient?: string): string {
  const doc = {
    brands: brands.map((b) => ({
      id: b.id,
      name: b.name,
      query: `"${b.name}"`,
      alerts: { sensitivity: 'normal' },
      notify: { recipients: recipient ? [recipient] : [], dailyDigest: false },
    })),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, stringify(doc));
  return file;
}

type Tone = 'positive' | 'negative' | 'complaint' | 'question' | 'neutral';
const TONES: readonly Tone[] = [
  'neutral',
  'neutral',
  'neutral',
  'positive',
  'positive',
  'negative',
  'complaint',
  'question',
];

/** Sentences per language and tone; `{b}` is the brand name. */
const TEMPLATES: Record<string, Record<Tone, string[]>> = {
  en: {
    positive: [
      'Honestly {b} just made my day, the new update is fantastic.',
      'Shout-out to {b} support, they fixed it in ten minutes. Love it!',
      'Been using {b} for a year now and it keeps getting better.',
    ],
    negative: [
      '{b} is down again. This is the third outage this week, terrible.',
      'Really disappointed with {b}, the quality dropped a lot.',
      'Worst experience ever with {b}, never again.',
    ],
    complaint: [
      "I've been charged twice by {b} and nobody answers my emails. Refund please!",
      '{b} cancelled my order without telling me and support keeps closing my ticket.',
      'My {b} account is locked and the help desk is useless. Fix this now.',
    ],
    question: [
      'Does anyone know if {b} works with the older model?',
      'How do I change my billing address on {b}?',
      'Is {b} available in Canada yet?',
    ],
    neutral: [
      'Reading the {b} announcement from this morning.',
      '{b} released version 4.2 today, changelog linked below.',
      'Comparing {b} with two alternatives for a project at work.',
    ],
  },
  de: {
    positive: ['Ich bin echt begeistert von {b}, super Service!', '{b} hat meine Erwartungen übertroffen.'],
    negative: ['{b} ist schon wieder ausgefallen, einfach schlecht.', 'Sehr enttäuscht von {b}.'],
    complaint: [
      'Seit zwei Wochen warte ich auf meine Erstattung von {b}. Niemand antwortet!',
      '{b} hat mir doppelt abgebucht und der Kundendienst reagiert nicht.',
    ],
    question: ['Weiß jemand, ob {b} auch am Wochenende liefert?', 'Wie kündige ich mein {b} Abo?'],
    neutral: ['{b} hat heute neue Preise veröffentlicht.', 'Artikel über {b} in der Zeitung gelesen.'],
  },
  fr: {
    positive: ["J'adore {b}, le service est excellent !", 'Merci {b}, livraison rapide et parfaite.'],
    negative: ['{b} est encore en panne, quelle galère.', 'Très déçu par {b} cette fois.'],
    complaint: [
      "{b} m'a facturé deux fois et le service client ne répond pas. Inadmissible !",
      'Ma commande {b} est perdue depuis dix jours, personne ne m’aide.',
    ],
    question: ['Quelqu’un sait si {b} livre en Belgique ?', 'Comment contacter le support de {b} ?'],
    neutral: ['{b} annonce une nouvelle gamme ce matin.', 'Article sur {b} dans Le Monde.'],
  },
  es: {
    positive: ['Me encanta {b}, el mejor servicio que he probado.', 'Gracias {b}, todo perfecto.'],
    negative: ['{b} se ha caído otra vez, fatal.', 'Muy decepcionado con {b}.'],
    complaint: [
      '{b} me cobró dos veces y nadie responde. ¡Quiero mi reembolso!',
      'Mi pedido de {b} nunca llegó y soporte no contesta.',
    ],
    question: ['¿Alguien sabe si {b} funciona en México?', '¿Cómo cancelo mi suscripción de {b}?'],
    neutral: ['{b} presentó hoy su nuevo producto.', 'Leyendo sobre {b} en las noticias.'],
  },
  pt: {
    positive: ['Adorei a {b}, atendimento excelente!'],
    negative: ['A {b} caiu de novo, horrível.'],
    complaint: ['A {b} cobrou duas vezes e ninguém responde. Quero reembolso!'],
    question: ['Alguém sabe se a {b} entrega no Porto?'],
    neutral: ['A {b} anunciou novos preços hoje.'],
  },
  nl: {
    positive: ['Echt blij met {b}, top service!'],
    negative: ['{b} ligt er weer uit, slecht.'],
    complaint: ['{b} heeft dubbel afgeschreven en de klantenservice reageert niet.'],
    question: ['Weet iemand of {b} ook in België levert?'],
    neutral: ['{b} heeft vandaag een nieuwe versie uitgebracht.'],
  },
  ja: {
    positive: ['{b}のサービスは最高です！'],
    negative: ['{b}がまた落ちている、最悪。'],
    complaint: ['{b}に二重請求されたのにサポートが返事をくれない。'],
    question: ['{b}は日本で使えますか？'],
    neutral: ['{b}が今日新しい製品を発表した。'],
  },
};
/** Share of each language in the mix: mostly English, like most brand chatter. */
const LANGUAGE_MIX = ['en', 'en', 'en', 'en', 'en', 'en', 'de', 'fr', 'es', 'pt', 'nl', 'ja'];
const SOURCES: readonly SourceName[] = ['reddit', 'hackernews', 'mastodon', 'bluesky', 'x', 'youtube', 'rss'];
const FILLER = [
  'I mean, we evaluated a few options over the last quarter and wrote down what we saw.',
  'The onboarding took a while but the documentation covers most of it.',
  'Posting here because the forum thread got locked.',
  'Context: small team, about forty people, mostly remote.',
  'Not sponsored, just sharing my experience in case it helps someone.',
];

export interface MentionOptions {
  /** Distinguishes runs: it is part of every externalId, so each run's eventIds are its own. */
  run: string;
  brands: LoadBrand[];
  /** "now" for the mention: fetchedAt; publishedAt lies up to `spreadMinutes` before it. */
  now: Date;
  spreadMinutes?: number;
}

/** Mention number `index` of a run: the same arguments always give the same mention (and eventId). */
export function syntheticMention(index: number, o: MentionOptions): RawMention {
  const rand = prng(index * 2654435761 + 17);
  const brand = o.brands[index % o.brands.length] as LoadBrand;
  const lang = pick(rand, LANGUAGE_MIX);
  const tone = pick(rand, TONES);
  const templates = TEMPLATES[lang] as Record<Tone, string[]>;
  let text = pick(rand, templates[tone]).replace(/\{b\}/g, brand.name);
  // Lengths: 70% one sentence, 25% a paragraph, 5% a long post (a few kB).
  const shape = rand();
  if (shape > 0.7) {
    const extra = shape > 0.95 ? 20 + Math.floor(rand() * 30) : 2 + Math.floor(rand() * 4);
    for (let i = 0; i < extra; i += 1) text += ` ${pick(rand, FILLER)}`;
  }
  const source = pick(rand, SOURCES);
  const externalId = `${o.run}-${index}`;
  const spreadMs = (o.spreadMinutes ?? 60) * 60_000;
  const publishedAt = new Date(o.now.getTime() - Math.floor(rand() * spreadMs));
  const mention: RawMention = {
    schemaVersion: 1,
    eventId: eventId(source, externalId),
    brand: brand.id,
    source,
    externalId,
    url: `https://example.com/${source}/${externalId}`,
    author: { handle: `@user${Math.floor(rand() * 50_000)}`, followers: Math.floor(rand() * 10_000) },
    text,
    publishedAt: publishedAt.toISOString(),
    fetchedAt: o.now.toISOString(),
    engagement: { likes: Math.floor(rand() * 200), replies: Math.floor(rand() * 20) },
  };
  if (rand() < 0.5) mention.lang = lang;
  if (source === 'hackernews' || source === 'rss') mention.title = `${brand.name}: ${tone} thread`;
  return mention;
}

/** The kinds of bad input the pipeline must dead-letter (never crash on, never store). */
export const BAD_KINDS = [
  'not_json',
  'missing_fields',
  'wrong_types',
  'huge_text',
  'invalid_utf8',
  'control_chars',
  'unknown_brand',
  'far_future',
] as const;
export type BadKind = (typeof BAD_KINDS)[number];

export interface BadMessage {
  kind: BadKind;
  /** Kafka key: an eventId when there is one, else a label. */
  key: string;
  /** Raw bytes as they go on the wire. */
  value: Buffer;
  /** The DLQ error kinds acceptable for this input (header x-dlq-error-kind). */
  expectedErrorKinds: string[];
  /** A corrected version, valid and storable; what `crumbtrail dlq redrive --fix-file` re-publishes. */
  fixed: RawMention;
}

/** One message of every bad kind, each built from a valid mention (which is its `fixed` form). */
export function badMessages(o: MentionOptions, firstIndex: number): BadMessage[] {
  return BAD_KINDS.map((kind, i) => {
    const good = syntheticMention(firstIndex + i, o);
    const json = (v: unknown) => Buffer.from(JSON.stringify(v));
    const base = { kind, key: good.eventId, fixed: good };
    switch (kind) {
      case 'not_json':
        return {
          ...base,
          value: Buffer.from(`{"eventId": "${good.eventId}", oops`),
          expectedErrorKinds: ['not_json'],
        };
      case 'missing_fields': {
        const { brand: _b, text: _t, ...rest } = good;
        return { ...base, value: json(rest), expectedErrorKinds: ['schema'] };
      }
      case 'wrong_types':
        return {
          ...base,
          value: json({ ...good, schemaVersion: '1', text: 42, author: 'someone' }),
          expectedErrorKinds: ['schema'],
        };
      case 'huge_text':
        return {
          ...base,
          value: json({ ...good, text: 'x'.repeat(1_000_000) }),
          expectedErrorKinds: ['schema'],
        };
      case 'invalid_utf8': {
        // A JSON document whose text bytes are not UTF-8 (a lone 0xff and a truncated sequence).
        const [head, tail] = JSON.stringify({ ...good, text: '@@BAD@@' }).split('@@BAD@@') as [
          string,
          string,
        ];
        const value = Buffer.concat([
          Buffer.from(head),
          Buffer.from([0x62, 0xff, 0xfe, 0xe2, 0x82]),
          Buffer.from(tail),
        ]);
        return { ...base, value, expectedErrorKinds: ['not_json', 'schema'] };
      }
      case 'control_chars':
        // Raw control characters inside a JSON string are not JSON (RFC 8259 requires them escaped).
        return {
          ...base,
          value: Buffer.from(JSON.stringify(good).replace(good.text, `${good.text}\u0000\u0007\u001b[2J`)),
          expectedErrorKinds: ['not_json'],
        };
      case 'unknown_brand':
        return {
          ...base,
          value: json({ ...good, brand: 'no-such-brand-configured' }),
          expectedErrorKinds: ['unknown_brand'],
        };
      case 'far_future':
        return {
          ...base,
          value: json({ ...good, publishedAt: '2099-01-01T00:00:00.000Z' }),
          expectedErrorKinds: ['rejected', 'schema'],
        };
    }
  });
}

/** Asserts at generation time that what we call valid is valid (a broken generator must not look like loss). */
export function assertValid(m: RawMention): RawMention {
  return RawMention.parse(m);
}
