/**
 * Classification throughput on one core: the full library (language + sentiment + intent) against the AFINN
 * `sentiment` package on the same texts, in the same run. Needs no ../shared/data: texts are generated from
 * the templates below (a realistic mix of lengths, languages, emoji, handles, hashtags and URLs).
 *
 * The two are measured in alternating rounds (ours, AFINN, ours, ...) after a warm-up, so drifting load on a
 * shared machine hits both alike; the figures are medians over the rounds, with the range.
 *
 *   npm run bench:classify [-- --seconds 3 --rounds 3 --count 20000]
 */
import { parseArgs } from 'node:util';
import { createClassifier, loadModel, type ClassifyInput } from '../src/index';
import { detectionSteps } from '../src/language';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };

const { values } = parseArgs({
  options: { seconds: { type: 'string' }, rounds: { type: 'string' }, count: { type: 'string' } },
});
/** Seconds of measurement per library and scenario, split over the rounds. */
const SECONDS = Number(values.seconds ?? 3);
const ROUNDS = Math.max(1, Number(values.rounds ?? 3));
const COUNT = Number(values.count ?? 20000);

const TEMPLATES: Record<string, string[]> = {
  en: [
    'why is my {brand} order still not here?! been waiting {n} days',
    'I love my new {brand} phone, the camera is amazing {emo}',
    '{brand} customer service is the worst. nobody answers and my refund never came',
    'just saw the {brand} ad on tv',
    'Does anyone know if {brand} ships to Canada?',
    'soooo happy with {brand} right now!!! thank you {handle}',
    'not impressed with the latest {brand} update, battery drains way faster than before and the app keeps crashing whenever I open the settings page. Anyone else seeing this? {url}',
    'ok',
    '{handle} thanks for the quick help, problem solved {emo}',
    '{brand} stock down {n}% after earnings call #markets {url}',
  ],
  es: [
    '¿Por qué mi pedido de {brand} todavía no ha llegado? Llevo {n} días esperando',
    'Me encanta {brand}, el servicio es excelente {emo}',
    'El peor servicio de {brand}, nunca más',
    'Hoy fui a la tienda de {brand} en el centro',
  ],
  pt: [
    'Adorei o novo produto da {brand}, muito bom!',
    'A {brand} não resolve meu problema há {n} dias, péssimo atendimento',
    'Alguém sabe se a {brand} abre no domingo?',
  ],
  fr: [
    "Je suis très déçu par {brand}, la livraison n'est jamais arrivée",
    'Merci {brand} pour le service rapide {emo}',
    'Quelqu’un sait quand {brand} sort le nouveau modèle ?',
  ],
  de: [
    'Danke {brand}, super schneller Versand!',
    'Warum funktioniert die {brand} App schon wieder nicht? Echt ärgerlich',
    'Neue Filiale von {brand} in Berlin eröffnet {url}',
  ],
  it: ['Grazie {brand}, servizio ottimo!', 'Pessimo servizio clienti {brand}, ancora nessuna risposta'],
  pl: ['Dziękuję {brand}, świetna obsługa!', 'Najgorszy serwis, {brand} nie odpowiada od {n} dni'],
  ru: ['Спасибо {brand}, всё отлично работает!', 'Ужасный сервис {brand}, деньги так и не вернули'],
  tr: ['{brand} harika, çok teşekkürler!', '{brand} siparişim hala gelmedi, rezalet'],
  ro: [
    'Mulțumesc {brand}, totul a mers perfect!',
    'Comanda de la {brand} nu a ajuns nici acum, sunt dezamăgit',
  ],
};
const BRANDS = ['Acme', 'Globex', '@AcmeSupport', '#Initech', 'Umbrella Corp', 'Hooli'];
const EMOJI = ['😍', '👍', '😡', '🙏', '😂', '', '❤️', ':)', ':('];
const HANDLES = ['@acme_help', '@user', '@globex'];
// Weighted towards English as brand-mention streams are.
const LANG_WEIGHTS: [string, number][] = [
  ['en', 0.55],
  ['es', 0.1],
  ['pt', 0.07],
  ['fr', 0.06],
  ['de', 0.06],
  ['it', 0.04],
  ['pl', 0.03],
  ['ru', 0.03],
  ['tr', 0.03],
  ['ro', 0.03],
];

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(count: number, tagShare: number): ClassifyInput[] {
  const r = rng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: ClassifyInput[] = [];
  for (let i = 0; i < count; i++) {
    let x = r();
    let lang = 'en';
    for (const [l, w] of LANG_WEIGHTS) {
      if ((x -= w) <= 0) {
        lang = l;
        break;
      }
    }
    let text = pick(TEMPLATES[lang]!)
      .replace('{brand}', pick(BRANDS))
      .replace('{n}', String(1 + Math.floor(r() * 30)))
      .replace('{emo}', pick(EMOJI))
      .replace('{handle}', pick(HANDLES))
      .replace('{url}', `https://t.co/${Math.floor(r() * 1e9).toString(36)}`);
    if (r() < 0.2) text = `${pick(HANDLES)} ${text}`;
    // A long tail of words never seen before (names, typos, product codes), so the word cache is not flattered.
    if (r() < 0.5) {
      const len = 4 + Math.floor(r() * 6);
      let word = '';
      for (let j = 0; j < len; j++) word += 'abcdefghijklmnopqrstuvwxyz'[Math.floor(r() * 26)];
      text = r() < 0.5 ? `${text} ${word}` : `${word} ${text}`;
    }
    if (r() < 0.1) text = `${text} ${text}`; // some long posts
    out.push(r() < tagShare ? { text, lang } : { text });
  }
  return out;
}

/**
 * Mentions per second of CPU time of this (single-threaded) process, so other load on the machine does not
 * skew the figure; wall-clock rate is printed alongside.
 */
function rate(fn: (i: number) => void, n: number, seconds: number): { cpu: number; wall: number } {
  let done = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 1000; i++) fn((done + i) % n);
    done += 1000;
  }
  const wallSecs = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  return { cpu: done / cpuSecs, wall: done / wallSecs };
}

const model = loadModel();
const classifier = createClassifier(model);
const afinn = new Sentiment();
const avgLen = (xs: ClassifyInput[]): number => xs.reduce((a, x) => a + x.text.length, 0) / xs.length;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const int = (x: number): string => Math.round(x).toLocaleString('en');

console.log(
  `model ${classifier.modelVersion}; ${COUNT} generated mentions; ${SECONDS}s per library and scenario in ` +
    `${ROUNDS} alternating rounds; one core`,
);
console.log(
  `mix: ${LANG_WEIGHTS.map(([l, w]) => `${l} ${Math.round(w * 100)}%`).join(', ')}; 20% open with a handle, ` +
    `half carry an unseen word, 10% are doubled (long posts)`,
);
let sink = 0;
for (const [label, share] of [
  ['no language tags (all detected: Reddit, HN, RSS, web)', 0],
  ['half tagged by the source (X, Mastodon and Bluesky give a tag)', 0.5],
] as const) {
  const texts = generate(COUNT, share);
  const ours = (i: number): void => {
    sink += classifier.classify(texts[i]!).sentiment.score;
  };
  const theirs = (i: number): void => {
    sink += afinn.analyze(texts[i]!.text).score;
  };
  // Warm-up: every text once through both (also counts how the untagged ones were detected).
  const steps0 = { ...detectionSteps };
  for (let i = 0; i < texts.length; i++) ours(i);
  for (let i = 0; i < texts.length; i++) theirs(i);
  const untagged = texts.filter((t) => t.lang === undefined).length;
  const via = (Object.keys(steps0) as (keyof typeof steps0)[])
    .map((k) => `${k} ${((100 * (detectionSteps[k] - steps0[k])) / Math.max(1, untagged)).toFixed(1)}%`)
    .join(', ');
  const oursR: { cpu: number; wall: number }[] = [];
  const theirsR: { cpu: number; wall: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    oursR.push(rate(ours, texts.length, SECONDS / ROUNDS));
    theirsR.push(rate(theirs, texts.length, SECONDS / ROUNDS));
  }
  const fmt = (rs: { cpu: number; wall: number }[]): string => {
    const cpu = rs.map((x) => x.cpu);
    return (
      `${int(median(cpu))} mentions/s of CPU (rounds ${int(Math.min(...cpu))}-${int(Math.max(...cpu))}; ` +
      `${int(median(rs.map((x) => x.wall)))}/s wall)`
    );
  };
  const ratios = oursR.map((o, r) => theirsR[r]!.cpu / o.cpu);
  console.log(`\n${label}; mean length ${avgLen(texts).toFixed(0)} chars; ${int(untagged)} untagged`);
  console.log(`  untagged ones decided by: ${via}`);
  console.log(`  crumbtrail full classification: ${fmt(oursR)}`);
  console.log(`  AFINN sentiment package:        ${fmt(theirsR)}`);
  console.log(
    `  ratio (AFINN / crumbtrail):     ${(median(theirsR.map((x) => x.cpu)) / median(oursR.map((x) => x.cpu))).toFixed(2)}x ` +
      `(per round ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x)`,
  );
}
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(`\npeak RSS: ${rssMb.toFixed(0)} MB ${sink === 0 ? '' : ''}`);
