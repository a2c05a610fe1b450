// Pure parts of the mail catcher: argument parsing, message ids, the stored summary and the HTML index.
import type { AddressObject, ParsedMail } from 'mailparser';

export interface CatcherArgs {
  dir: string;
  host: string;
  smtpPort: number;
  httpPort: number;
}

export interface StoredMessage {
  id: string;
  /** Envelope sender (MAIL FROM), falling back to the From header. */
  from: string;
  /** Envelope recipients (RCPT TO), falling back to the To header addresses. */
  to: string[];
  subject: string;
  /** The Date header as ISO 8601, or the receive time when the header is missing. */
  date: string;
  receivedAt: string;
  text: string;
  html: string;
}

export function parseCatcherArgs(argv: string[]): CatcherArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) throw new Error(`unexpected argument "${arg}"`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    values.set(match[1], value);
  }
  const port = (name: string): number => {
    const raw = values.get(name);
    const n = Number(raw);
    if (!raw || !Number.isInteger(n) || n < 1 || n > 65535) {
      throw new Error(`--${name} must be a port number between 1 and 65535 (got "${raw ?? ''}")`);
    }
    return n;
  };
  const dir = values.get('dir');
  if (!dir) throw new Error('--dir is required (where messages are stored)');
  const known = new Set(['dir', 'host', 'smtp-port', 'http-port']);
  for (const key of values.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}`);
  return {
    dir,
    host: values.get('host') ?? '127.0.0.1',
    smtpPort: port('smtp-port'),
    httpPort: port('http-port'),
  };
}

/** Sortable, unique within one process: received time, then a per-process sequence number. */
export function messageIdFor(receivedAt: Date, sequence: number): string {
  return `${receivedAt.getTime().toString().padStart(14, '0')}-${sequence.toString().padStart(6, '0')}`;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((o) => o.value.map((a) => a.address ?? '')).filter(Boolean);
}

export function summarise(
  id: string,
  parsed: Pick<ParsedMail, 'from' | 'to' | 'subject' | 'date' | 'text' | 'html'>,
  envelope: { from: string; to: string[] },
  receivedAt: Date,
): StoredMessage {
  const headerFrom = parsed.from?.value[0]?.address ?? '';
  return {
    id,
    from: envelope.from || headerFrom,
    to: envelope.to.length > 0 ? envelope.to : addresses(parsed.to),
    subject: parsed.subject ?? '',
    date: (parsed.date ?? receivedAt).toISOString(),
    receivedAt: receivedAt.toISOString(),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderIndex(messages: StoredMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.date)}</td><td>${escapeHtml(m.from)}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
        `<td><a href="/messages/${encodeURIComponent(m.id)}/html">${escapeHtml(m.subject || '(no subject)')}</a></td>` +
        `<td><a href="/messages/${encodeURIComponent(m.id)}">json</a></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Crumbtrail local mail</title>
<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 12px;text-align:left;border-bottom:1px solid #ddd}</style>
</head><body><h1>Local mail (${messages.length})</h1>
<p>JSON: <a href="/messages">/messages</a>, one message: /messages/:id, its body: /messages/:id/html,
raw: /messages/:id/raw</p>
<table><tr><th>Date</th><th>From</th><th>To</th><th>Subject</th><th></th></tr>
${rows}
</table></body></html>
`;
}

/** The body to show in a browser: the HTML part as sent, else the text part escaped in a <pre>. */
export function renderBody(message: StoredMessage): string {
  if (message.html) return message.html;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(message.subject)}</title></head>
<body><pre>${escapeHtml(message.text)}</pre></body></html>
`;
}
