import nodemailer from 'nodemailer';
import type { NotifierConfig } from './config';
import type { Mailer } from './send-alert';

/** nodemailer over SMTP; credentials only when both user and password are set. */
export function createSmtpMailer(config: NotifierConfig): Mailer & { close(): void } {
  const transport = nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    ...(config.SMTP_USER && config.SMTP_PASSWORD
      ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } }
      : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(mail) {
      const info = (await transport.sendMail(mail)) as { messageId?: string };
      return info.messageId ? { messageId: info.messageId } : {};
    },
    close: () => transport.close(),
  };
}
