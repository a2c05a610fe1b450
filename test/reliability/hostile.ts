// The hostile-content scenario: mentions carrying HTML/script, header-injection attempts, homoglyph links, bidi and
// zero-width characters, ANSI escapes and forged log lines go through the whole pipeline (classifier, aggregator,
// notifier as processes) into a real alert email, which is then read back from the mail catcher and checked: one
// mail, to the configured recipient only, nothing executable in the HTML, no injected header, lookalike domains in
// punycode, invisible characters gone; and every line each service logged is one JSON object.
import { randomBytes } from 'node:crypto';
import { eventId, RawMention, type SourceName } from '@crumbtrail/contracts';
import { simpleParser } from 'mailparser';
import { stringify } from 'yaml';
import type { LoadBrand } from '../load/generate';
import type { Pipeline, PipelineService } from '../load/pipeline';
import { listMail, waitFor } from '../support';
import { finish, withPipeline, type Check, type ScenarioContext, type ScenarioResult } from './scenarios';

const ATTACKER = 'attacker@example.com';
/** аcme-cloud.com with a Cyrillic "а" (U+0430), and its punycode form as IDNA (UTS #46) gives it. */
const LOOKALIKE_HOST = '\u0430cme-cloud.com';
const LOOKALIKE_PUNYCODE = 'xn--cme-cloud-zyh.com';
/** A lookalike already in punycode on the wire (аррӏе.com in Cyrillic): it must stay punycode. */
const PUNYCODE_HOST = 'xn--80ak6aa92e.com';
/** The characters the notifier promises to remove (bidi overrides and isolates, zero-width, BOM). */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
/** C0 controls other than tab and line breaks, and DEL: ANSI escape sequences start with ESC (U+001B). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const FAKE_LOG_LINE = '{"level":50,"msg":"fake","service":"aggregator","hostile":true}';

const CALM = [
  'Honestly {b} just made my day, the new update is fantastic.',
  'Reading the {b} announcement from this morning.',
  '{b} released version 4.2 today, changelog linked below.',
  'Comparing {b} with two alternatives for a project at work.',
  'Been using {b} for a year now and it keeps getting better.',
];
/** Negative, but far less so than the hostile texts: these must rank below them as alert evidence. */
const MILD_NEGATIVE = [
  '{b} is down again, not great.',
  '{b} feels slow today, not great.',
  'Not great: {b} logged me out again.',
];

interface HostileSpec {
  marker: string;
  source: SourceName;
  text: string;
  handle: string;
  name?: string;
  title?: string;
  url: string;
}

/** Five mentions, all as negative as the classifier gets, so all five are the alert's samples (it shows five). */
function hostileSpecs(run: string): HostileSpec[] {
  return [
    {
      marker: 'hostile-1',
      source: 'reddit',
      text: 'Acme Cloud is a total scam. Worst service ever, terrible, broken and useless. I hate it! <script>alert(1)</script> hostile-1',
      handle: `mallory\r\nBcc: ${ATTACKER}`,
      name: `Mallory\r\nSubject: you have been hacked\r\nBcc: ${ATTACKER}`,
      url: `https://example.com/r/${run}/1?q="><script>alert(1)</script>`,
    },
    {
      marker: 'hostile-2',
      source: 'mastodon',
      text:
        'Horrible outage again, awful support, I hate Acme Cloud, worst company ever. ' +
        '<img src=x onerror=alert(document.cookie)> "><a href="javascript:alert(2)">refund here</a> Terrible! hostile-2',
      handle: `@eve@evil.example\nSubject: Urgent\r\nBcc: ${ATTACKER}`,
      url: 'javascript:alert(document.cookie)',
    },
    {
      marker: 'hostile-3',
      source: 'hackernews',
      text: `Worst experience ever, awful, broken, disgusting scam, never again \u001b[31mTERRIBLE\u001b[0m\u001b[2J\n${FAKE_LOG_LINE}\nHate it. hostile-3`,
      handle: 'trent\u001b[2J\u001b[31m',
      title: `Acme Cloud\r\nBcc: ${ATTACKER}\r\nX-Injected: yes`,
      url: `https://news.example/item?id=${run}-3`,
    },
    {
      marker: 'hostile-4',
      source: 'bluesky',
      text: `Terrible, awful, horrible scam from Ac\u200bme Cl\u200doud \u202egnp.exe\u202c I hate it, worst ever. Refunds only at https://${LOOKALIKE_HOST}/refund hostile-4`,
      handle: '\u202eAcme\u200bSupport\u2066',
      url: `https://${LOOKALIKE_HOST}/refund`,
    },
    {
      marker: 'hostile-5',
      source: 'x',
      text: `Disgusting, awful, worst, useless scam. I hate Acme Cloud. Log in at www.${LOOKALIKE_HOST}/login, it is horrible. hostile-5`,
      handle: `support@acme-cloud.example\r\nTo: ${ATTACKER}`,
      url: `https://${PUNYCODE_HOST}/login`,
    },
  ];
}

interface MentionInput {
  n: number;
  brand: LoadBrand;
  text: string;
  publishedAt: Date;
  source?: SourceName;
  handle?: string;
  name?: string;
  title?: string;
  url?: string;
  likes?: number;
}

function mention(p: Pipeline, m: MentionInput): RawMention {
  const source = m.source ?? 'reddit';
  const externalId = `${p.run}-hostile-${m.n}`;
  const raw: RawMention = {
    schemaVersion: 1,
    eventId: eventId(source, externalId),
    brand: m.brand.id,
    source,
    externalId,
    url: m.url ?? `https://example.com/${source}/${externalId}`,
    author: { handle: m.handle ?? `@user${m.n}`, ...(m.name !== undefined && { name: m.name }) },
    text: m.text.replace(/\{b\}/g, m.brand.name),
    publishedAt: m.publishedAt.toISOString(),
    fetchedAt: new Date().toISOString(),
    engagement: { likes: m.likes ?? 0 },
    ...(m.title !== undefined && { title: m.title }),
  };
  return RawMention.parse(raw); // a broken generator must not look like loss
}

const minutesAgo = (now: number, minutes: number) => new Date(now - minutes * 60_000);

export async function hostile(ctx: ScenarioContext, baselineCount: number): Promise<ScenarioResult> {
  const tag = randomBytes(4).toString('hex');
  const recipient = `manager-${tag}@acme-cloud.example`;
  const calmRecipient = `manager-${tag}@calm-brand.example`;
  const brandsYaml = (brands: LoadBrand[]) =>
    stringify({
      brands: brands.map((b, i) => ({
        id: b.id,
        name: b.name,
        query: `"${b.name}"`,
        alerts: { sensitivity: 'normal' },
        notify: { recipients: [i === 0 ? recipient : calmRecipient] },
      })),
    });
  return withPipeline(ctx, 'hostile', { brandCount: 2, brandsYaml }, async (p, r) => {
    const mailUiUrl = p.stack.MAIL_UI_URL;
    if (!mailUiUrl)
      throw new Error('the stack has no mail catcher (MAIL_UI_URL): cannot read the alert email');
    const startedAt = new Date().toISOString();
    await p.start('aggregator');
    await p.start('notifier');
    await p.start('classifier');
    const [target, calm] = p.brands as [LoadBrand, LoadBrand];
    const now = Date.now();
    let n = 0;
    const expected = new Set<string>();
    const publish = async (mentions: RawMention[]) => {
      for (const m of mentions) expected.add(m.eventId);
      await p.client.producer.send(
        p.topics.raw,
        mentions.map((m) => ({ key: m.eventId, value: m })),
      );
      r.mentionsIn += mentions.length;
    };

    // 1. A calm past for both brands: the 6 h baseline before the 30 min window, the target's 1 in 8 mildly negative.
    const past: RawMention[] = [];
    for (let i = 0; i < baselineCount; i += 1) {
      const negative = i % 12 === 4; // i % 3 === 1: always the target brand
      const texts = negative ? MILD_NEGATIVE : CALM;
      past.push(
        mention(p, {
          n: n++,
          brand: i % 3 === 2 ? calm : target,
          text: texts[i % texts.length]!,
          publishedAt: minutesAgo(now, 40 + (i * 290) / baselineCount),
        }),
      );
    }
    await publish(past);
    await waitFor(async () => (await p.stored()) >= expected.size, {
      timeoutMs: ctx.drainTimeoutMs,
      intervalMs: 500,
      description: 'the calm baseline stored',
    });

    // 2. The hostile mentions, stored before the surge that makes them alert evidence (detection then cannot open
    // the alert on a partial window without them), plus one that must be dead-lettered with a hostile Kafka key.
    const specs = hostileSpecs(p.run);
    const hostileMentions = specs.map((s, i) =>
      mention(p, {
        n: n++,
        brand: target,
        text: s.text,
        publishedAt: new Date(minutesAgo(now, 2 + i * 5).getTime() - 7_000),
        source: s.source,
        handle: s.handle,
        ...(s.name !== undefined && { name: s.name }),
        ...(s.title !== undefined && { title: s.title }),
        url: s.url,
        likes: 500,
      }),
    );
    await publish(hostileMentions);
    const deadLetter = mention(p, {
      n: n++,
      brand: target,
      text: specs[0]!.text,
      publishedAt: new Date(now),
    });
    await p.client.producer.send(p.topics.raw, [
      {
        key: `hostile\n${FAKE_LOG_LINE}\u001b[2J\r\nBcc: ${ATTACKER}`,
        value: { ...deadLetter, brand: 'no-such-brand-configured' },
      },
    ]);
    r.mentionsIn += 1;
    await waitFor(async () => (await p.stored()) >= expected.size, {
      timeoutMs: ctx.drainTimeoutMs,
      intervalMs: 500,
      description: 'the hostile mentions stored',
    });

    // 3. The surge: 26 minutes of mostly (mildly) negative mentions for the target; the other brand goes on at its
    // usual calm pace (a few mentions, below any alert's minimum volume).
    const surge: RawMention[] = [];
    for (let i = 0; i < 56; i += 1) {
      const forCalm = i % 14 === 13;
      const negative = !forCalm && i % 4 !== 0;
      const texts = negative ? MILD_NEGATIVE : CALM;
      surge.push(
        mention(p, {
          n: n++,
          brand: forCalm ? calm : target,
          text: texts[i % texts.length]!,
          publishedAt: new Date(minutesAgo(now, 1 + (i % 26)).getTime() - (i % 50) * 1000),
        }),
      );
    }
    await publish(surge);
    await finish(p, r, ctx, expected);

    // 4. The alert email, then nothing else in flight: the notifier has consumed every alert event.
    await waitFor(async () => (await listMail({ to: recipient, mailUiUrl })).length > 0, {
      timeoutMs: 300_000,
      intervalMs: 1000,
      description: 'the alert email',
    });
    await waitFor(async () => (await p.lag(p.groups.notifier, p.topics.alerts)) === 0, {
      timeoutMs: 60_000,
      description: 'the notifier to consume every alert event',
    });
    await p.stopAll(); // every log line written, no mail still being sent
    r.checks.push(...(await checkMail(mailUiUrl, startedAt, recipient, calmRecipient, specs)));
    r.checks.push(...checkLogs(p));
    const storedDlq = await p.topicCount(p.topics.rawDlq);
    r.checks.push({
      name: 'the hostile-key mention with an unknown brand dead-lettered',
      ok: storedDlq === 1,
      detail: `${storedDlq} on the raw DLQ`,
    });
  });
}

async function checkMail(
  mailUiUrl: string,
  startedAt: string,
  recipient: string,
  calmRecipient: string,
  specs: HostileSpec[],
): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail?: string) =>
    checks.push({ name, ok, ...(detail !== undefined && !ok && { detail }) });
  const everything = (await listMail({ mailUiUrl })).filter((m) => m.receivedAt >= startedAt);
  const mails = everything.filter((m) => m.to.includes(recipient));
  const toOthers = everything.filter((m) => m.to.some((a) => a !== recipient));
  check(
    'exactly one email, to the configured recipient only (SMTP envelope)',
    mails.length === 1 && mails[0]!.to.length === 1 && mails[0]!.to[0] === recipient,
    `${mails.length} mails, envelope recipients ${JSON.stringify(mails.map((m) => m.to))}`,
  );
  check(
    'no mail to anyone else (attacker, calm brand) since the scenario started',
    toOthers.length === 0,
    JSON.stringify(toOthers.map((m) => ({ to: m.to, subject: m.subject }))),
  );
  check('the calm brand paged nobody', !everything.some((m) => m.to.includes(calmRecipient)));
  const mail = mails[0];
  if (!mail) return checks;

  // Headers as sent: parsed, and the raw header block (unfolded) line by line.
  const response = await fetch(new URL(`messages/${encodeURIComponent(mail.id)}/raw`, mailUiUrl));
  const raw = await response.text();
  const parsed = await simpleParser(raw);
  const headerBlock = raw.slice(0, raw.search(/\r?\n\r?\n/));
  const headerNames = headerBlock
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
  const count = (name: string) => headerNames.filter((h) => h === name).length;
  const toAddresses = [parsed.to]
    .flat()
    .flatMap((a) => a?.value ?? [])
    .map((a) => a.address);
  check(
    'To header names the configured recipient only; no Cc, Bcc or injected header',
    JSON.stringify(toAddresses) === JSON.stringify([recipient]) &&
      count('to') === 1 &&
      count('subject') === 1 &&
      count('from') === 1 &&
      !headerNames.some((h) => ['cc', 'bcc', 'x-injected', 'reply-to'].includes(h)) &&
      !parsed.cc &&
      !parsed.bcc,
    `to ${JSON.stringify(toAddresses)}, headers ${headerNames.join(', ')}`,
  );
  check(
    `no header mentions ${ATTACKER}; subject one line`,
    !headerBlock.toLowerCase().includes(ATTACKER) &&
      !/[\r\n]/.test(parsed.subject ?? '') &&
      (parsed.subject ?? '').startsWith('[Crumbtrail]'),
    `subject ${JSON.stringify(parsed.subject)}`,
  );

  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const text = parsed.text ?? '';
  const missing = specs.filter((s) => !html.includes(s.marker) || !text.includes(s.marker));
  check(
    'the five hostile mentions are the evidence in both parts',
    missing.length === 0,
    `missing ${missing.map((s) => s.marker).join(', ')}`,
  );

  // Nothing executable in the HTML part: no script or other active tags, no event handler attributes, only http(s)
  // links; the hostile markup is there, escaped.
  // The renderer's own fixed stylesheet (mobile layout) is allowed: one <style> block with no URL, import or
  // expression in it and nothing of the mentions; any other active tag fails.
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]!);
  const unsafeStyles = styles.filter(
    (css) =>
      styles.length > 1 || /url\(|@import|expression|javascript|[<>]/i.test(css) || css.includes(ATTACKER),
  );
  const tags = [...html.matchAll(/<\s*([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase());
  const active = [
    ...tags.filter((t) =>
      ['script', 'img', 'iframe', 'svg', 'object', 'embed', 'link', 'form', 'input', 'base'].includes(t),
    ),
    ...unsafeStyles.map(() => 'style'),
  ];
  const tagSources = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
  const handlers = tagSources.filter((t) => /\son[a-z]+\s*=/i.test(t));
  const hrefs = tagSources.flatMap((t) =>
    [...t.matchAll(/\s(?:href|src|action)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map(
      (m) => m[1] ?? m[2] ?? m[3] ?? '',
    ),
  );
  // Besides http(s), only the unsubscribe link to the sender's own address (the notifier's MAIL_FROM).
  const badHrefs = hrefs.filter(
    (h) => !/^https?:\/\/[\x21-\x7e]+$/.test(h) && !/^mailto:alerts@crumbtrail\.local\?[\x21-\x7e]*$/.test(h),
  );
  check(
    "HTML part: no active tags, no on* handlers, only http(s) links with ASCII hosts (and the sender's unsubscribe)",
    active.length === 0 && handlers.length === 0 && badHrefs.length === 0 && hrefs.length >= 4,
    `tags ${active.join(',')}; handlers ${handlers.join(' ').slice(0, 120)}; hrefs ${badHrefs.join(' ')} (${hrefs.length} links)`,
  );
  const escaped = [
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '&lt;img src=x onerror=alert(document.cookie)&gt;',
    '&quot;&gt;&lt;a href=&quot;javascript:alert(2)&quot;&gt;',
    '(javascript link removed)',
  ];
  const notEscaped = escaped.filter((e) => !html.includes(e));
  check(
    'HTML part shows the hostile markup escaped (&lt;script&gt;, onerror, javascript: link removed)',
    notEscaped.length === 0 && !/<script/i.test(html) && !/href\s*=\s*["']?\s*javascript:/i.test(html),
    `not found: ${notEscaped.join(' | ')}`,
  );

  // Lookalike domains: shown in punycode, never in the Unicode form that passes for the real brand.
  const unicodeHost = (part: string) => part.includes(LOOKALIKE_HOST);
  check(
    `lookalike domains in punycode (${LOOKALIKE_PUNYCODE}, ${PUNYCODE_HOST}) in both parts, never as Unicode`,
    html.includes(`${LOOKALIKE_PUNYCODE}/refund`) &&
      text.includes(`${LOOKALIKE_PUNYCODE}/refund`) &&
      html.includes(`${PUNYCODE_HOST}/login`) &&
      !unicodeHost(html) &&
      !unicodeHost(text) &&
      !unicodeHost(parsed.subject ?? ''),
    `unicode lookalike in html: ${unicodeHost(html)}, in text: ${unicodeHost(text)}; ` +
      `punycode link in html: ${html.includes(`${LOOKALIKE_PUNYCODE}/refund`)}`,
  );
  const invisible = (s: string) => INVISIBLE.test(s) || CONTROL.test(s);
  check(
    'no bidi override, zero-width or ANSI/control character in subject, HTML or text',
    !invisible(parsed.subject ?? '') && !invisible(html) && !invisible(text),
    `subject ${invisible(parsed.subject ?? '')}, html ${invisible(html)}, text ${invisible(text)}`,
  );
  check(
    'zero-width and bidi tricks collapse: the text reads "Acme Cloud gnp.exe", the handle "AcmeSupport"',
    html.includes('from Acme Cloud gnp.exe') && html.includes('AcmeSupport') && text.includes('AcmeSupport'),
  );
  return checks;
}

/** Every physical line of every service's log is one JSON object; the forged line never stands on its own. */
function checkLogs(p: Pipeline): Check[] {
  const checks: Check[] = [];
  for (const service of ['classifier', 'aggregator', 'notifier'] as PipelineService[]) {
    const lines = p.logs(service).split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const bad: string[] = [];
    let forged = 0;
    let hostileKeyLogged = false;
    for (const line of lines) {
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        bad.push(line);
        continue;
      }
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        bad.push(line);
        continue;
      }
      const record = entry as Record<string, unknown>;
      if (record.msg === 'fake' || record.hostile === true) forged += 1;
      if (typeof record.key === 'string' && record.key.includes(FAKE_LOG_LINE)) hostileKeyLogged = true;
    }
    checks.push({
      name: `${service} log: ${lines.length} lines, each one JSON object, none forged`,
      ok: lines.length > 0 && bad.length === 0 && forged === 0,
      ...((bad.length > 0 || forged > 0) && {
        detail: `${bad.length} not JSON (first: ${JSON.stringify(bad[0]?.slice(0, 160))}), ${forged} forged`,
      }),
    });
    if (service === 'classifier') {
      checks.push({
        name: 'classifier logged the hostile Kafka key escaped inside its dead-letter line',
        ok: hostileKeyLogged,
      });
    }
  }
  return checks;
}
