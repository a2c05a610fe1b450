// Local SMTP catcher for the dev stack and tests: accepts any mail on a loopback port, stores each message under
// a directory (raw .eml + parsed .json) and serves them over HTTP:
//   GET /                  tiny HTML index (newest first)
//   GET /messages          JSON list of summaries; optional ?to=<substring> filter on recipients
//   GET /messages/:id      one message (summary with text and html)
//   GET /messages/:id/html the HTML body as a page (the text body when there is no HTML part)
//   GET /messages/:id/raw  the raw RFC 822 message
//   DELETE /messages       remove every stored message
// Run: node --import tsx deploy/local/mail-catcher.ts --dir <dir> --smtp-port <p> --http-port <p> [--host 127.0.0.1]
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import {
  messageIdFor,
  parseCatcherArgs,
  renderBody,
  renderIndex,
  summarise,
  type StoredMessage,
} from './mail-store';

async function readAll(dir: string): Promise<StoredMessage[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  const messages: StoredMessage[] = [];
  for (const name of names) {
    try {
      messages.push(JSON.parse(await readFile(path.join(dir, name), 'utf8')) as StoredMessage);
    } catch {
      // A file being written right now or removed concurrently: skip it; the next request sees it.
    }
  }
  return messages.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function main(): Promise<void> {
  const args = parseCatcherArgs(process.argv.slice(2));
  await mkdir(args.dir, { recursive: true });
  let sequence = 0;

  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'any' }); // any credentials are accepted: this is a catcher, not a relay
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const id = messageIdFor(new Date(), sequence++);
        simpleParser(raw)
          .then(async (parsed) => {
            const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
            const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const stored = summarise(id, parsed, { from: envelopeFrom, to: envelopeTo }, new Date());
            await writeFile(path.join(args.dir, `${id}.eml`), raw);
            // The .json is written last: its presence means the message is complete.
            await writeFile(path.join(args.dir, `${id}.json`), JSON.stringify(stored, null, 2));
            console.log(`stored ${id} to=${stored.to.join(',')} subject=${JSON.stringify(stored.subject)}`);
            callback();
          })
          .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handle = async (): Promise<void> => {
      const parts = url.pathname.split('/').filter(Boolean);
      if (req.method === 'GET' && parts.length === 0) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(renderIndex(await readAll(args.dir)));
        return;
      }
      if (parts[0] !== 'messages' || parts.length > 3) return sendJson(res, 404, { error: 'not found' });
      if (req.method === 'DELETE' && parts.length === 1) {
        const names = await readdir(args.dir);
        await Promise.all(names.map((n) => rm(path.join(args.dir, n), { force: true })));
        return sendJson(res, 200, { deleted: names.filter((n) => n.endsWith('.json')).length });
      }
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
      if (parts.length === 1) {
        const to = url.searchParams.get('to');
        const all = await readAll(args.dir);
        return sendJson(res, 200, to ? all.filter((m) => m.to.some((address) => address.includes(to))) : all);
      }
      const id = parts[1] ?? '';
      if (!/^[0-9a-z-]+$/.test(id)) return sendJson(res, 400, { error: 'bad message id' });
      try {
        if (parts[2] === 'raw') {
          const raw = await readFile(path.join(args.dir, `${id}.eml`));
          res.writeHead(200, { 'content-type': 'message/rfc822' });
          res.end(raw);
          return;
        }
        if (parts.length === 3 && parts[2] !== 'html') return sendJson(res, 404, { error: 'not found' });
        const message = JSON.parse(
          await readFile(path.join(args.dir, `${id}.json`), 'utf8'),
        ) as StoredMessage;
        if (parts[2] === 'html') {
          // Mail HTML is shown as sent, but never allowed to run scripts or load anything from elsewhere.
          res.writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
          });
          res.end(renderBody(message));
          return;
        }
        return sendJson(res, 200, message);
      } catch {
        return sendJson(res, 404, { error: `no message ${id}` });
      }
    };
    handle().catch((err: unknown) => sendJson(res, 500, { error: String(err) }));
  });

  await new Promise<void>((resolve, reject) => {
    smtp.on('error', reject);
    smtp.listen(args.smtpPort, args.host, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject);
    server.listen(args.httpPort, args.host, () => resolve());
  });
  console.log(
    `mail catcher: smtp ${args.host}:${args.smtpPort}, http http://${args.host}:${args.httpPort}/, dir ${args.dir}`,
  );

  const shutdown = (): void => {
    server.close();
    smtp.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  console.error('mail catcher failed:', err);
  process.exit(1);
});
