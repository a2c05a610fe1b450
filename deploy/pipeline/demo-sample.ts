import { TEMPLATES, type Mood } from './demo-templates';

/**
 * Builds the demo's sample mentions: six hours of calm chatter for three brands in ten languages, then a complaint
 * surge for one brand in the last 45 minutes. Deterministic (seeded), so the demo tells the same story every time.
 */
export interface DemoBrand {
  id: string;
  name: string;
  products: string[];
  handle: string;
  languages: Record<string, number>;
  mentionsPerHour: number;
  surge?: { lastMinutes: number; mentionsPerHour: number; complaintShare: number };
}

export const DEMO_BRANDS: DemoBrand[] = [
  {
    id: 'acme-cloud',
    name: 'Acme Cloud',
    products: ['Acme Drive', 'Acme Sync', 'Acme App'],
    handle: 'AcmeCloudHelp',
    languages: { en: 0.55, de: 0.1, es: 0.1, fr: 0.05, pl: 0.05, pt: 0.05, tr: 0.05, it: 0.05 },
    mentionsPerHour: 40,
    surge: { lastMinutes: 45, mentionsPerHour: 360, complaintShare: 0.75 },
  },
  {
    id: 'nordlicht-coffee',
    name: 'Nordlicht Coffee',
    products: ['Nordlicht Espresso', 'Nordlicht Grinder', 'Nordlicht beans'],
    handle: 'nordlicht',
    languages: { de: 0.4, pl: 0.25, en: 0.2, ru: 0.15 },
    mentionsPerHour: 24,
  },
  {
    id: 'volta-bikes',
    name: 'Volta Bikes',
    products: ['Volta E1', 'Volta App', 'Volta Cargo'],
    handle: 'voltabikes',
    languages: { es: 0.3, pt: 0.2, it: 0.15, ro: 0.15, tr: 0.1, en: 0.1 },
    mentionsPerHour: 30,
  },
];

const CALM_MOODS: Record<Mood, number> = { praise: 0.3, neutral: 0.3, question: 0.25, complaint: 0.15 };
const FIRST_NAMES = [
  'ana',
  'ben',
  'chloe',
  'dawid',
  'elif',
  'femi',
  'greta',
  'hugo',
  'ines',
  'jonas',
  'kasia',
  'luca',
];
const SURNAMES = ['m', 'k', 'dev', 'writes', '88', 'x', 'on_bikes', 'codes', 'pl', 'tr', 'ro', 'br'];

export interface SampleMention {
  externalId: string;
  url: string;
  author: { handle: string; followers: number };
  text: string;
  lang?: string;
  publishedAt: string;
}

/** mulberry32: tiny seeded PRNG, so the sample is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T extends string>(weights: Record<T, number>, random: () => number): T {
  const entries = Object.entries(weights) as [T, number][];
  let roll = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll <= 0) return key;
  }
  return entries[entries.length - 1]![0];
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function render(template: string, brand: DemoBrand, random: () => number): string {
  return template
    .replaceAll('{brand}', brand.name)
    .replaceAll('{product}', pick(brand.products, random))
    .replaceAll('{handle}', brand.handle);
}

/** Mentions for one brand over `hours`, ending at `end`; oldest first. */
export function generateBrandSample(brand: DemoBrand, end: Date, hours = 6, seed = 7): SampleMention[] {
  const random = seededRandom(seed + brand.id.length * 7919);
  const mentions: SampleMention[] = [];
  const startMs = end.getTime() - hours * 3_600_000;
  const surgeStartMs = brand.surge ? end.getTime() - brand.surge.lastMinutes * 60_000 : Infinity;
  let t = startMs;
  let n = 0;
  while (t < end.getTime()) {
    const inSurge = t >= surgeStartMs;
    const perHour = inSurge && brand.surge ? brand.surge.mentionsPerHour : brand.mentionsPerHour;
    // Exponential gaps: a Poisson process, as real mention streams roughly are.
    t += (-Math.log(1 - random()) / perHour) * 3_600_000;
    if (t >= end.getTime()) break;
    const mood: Mood =
      inSurge && brand.surge && random() < brand.surge.complaintShare
        ? 'complaint'
        : pickWeighted(CALM_MOODS, random);
    const lang = pickWeighted(brand.languages, random);
    const templates = TEMPLATES[lang]?.[mood] ?? TEMPLATES.en![mood];
    n += 1;
    const handle = `${pick(FIRST_NAMES, random)}_${pick(SURNAMES, random)}`;
    const externalId = `${brand.id}-${n}`;
    mentions.push({
      externalId,
      url: `https://social.example/@${handle}/${externalId}`,
      author: { handle, followers: Math.floor(random() ** 3 * 20_000) },
      text: render(pick(templates, random), brand, random),
      // Half the sources tag a language, as real APIs do; the classifier detects the rest.
      ...(random() < 0.5 ? { lang } : {}),
      publishedAt: new Date(Math.round(t)).toISOString(),
    });
  }
  return mentions;
}
