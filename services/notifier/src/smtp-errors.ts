/** SMTP 5xx replies are permanent (bad recipient, policy); everything else (4xx, network) may work later. */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as { responseCode?: number } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function describeSmtpError(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { responseCode?: number; code?: string; message?: string };
    return [e.responseCode, e.code, e.message].filter((part) => part !== undefined && part !== '').join(' ');
  }
  return String(err);
}

/**
 * A network failure while the message body was being sent leaves no SMTP reply: the server may have accepted the
 * mail. Treated as "unknown" (never resent automatically), because a duplicate alert is worse than asking a person
 * to check the mailbox.
 */
export function isAmbiguousSmtpError(err: unknown): boolean {
  const e = err as { responseCode?: number; command?: string } | null;
  return typeof e?.responseCode !== 'number' && e?.command === 'DATA';
}
