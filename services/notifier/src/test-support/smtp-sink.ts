import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** A real SMTP server on a free loopback port that keeps what it receives; it can refuse the next N messages. */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  private rejectNext = 0;
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        if (this.rejectNext > 0) {
          this.rejectNext -= 1;
          stream.resume();
          stream.on('end', () =>
            callback(Object.assign(new Error('Service temporarily unavailable'), { responseCode: 421 })),
          );
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            this.messages.push(mail);
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  /** The next `count` messages get "421 Service temporarily unavailable". */
  refuseNext(count: number): void {
    this.rejectNext = count;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
