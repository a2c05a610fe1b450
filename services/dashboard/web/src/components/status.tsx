import type { JSX } from 'preact';
import { paths } from '../lib/routes';
import { Link } from '../router';

export function Loading({ label = 'Loading' }: { label?: string }): JSX.Element {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="loading__dot" aria-hidden="true" />
      {label}…
    </p>
  );
}

export function ErrorNote({ message, onRetry }: { message: string; onRetry?: () => void }): JSX.Element {
  return (
    <div class="note note--error" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" class="button button--quiet" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Why a form's submit failed (nothing while there is no error). */
export function FormError({ message }: { message: string | undefined }): JSX.Element | null {
  if (!message) return null;
  return (
    <p class="form-error" role="alert">
      {message}
    </p>
  );
}

export function Empty({ children }: { children: string }): JSX.Element {
  return <p class="empty">{children}</p>;
}

export function NotFound(): JSX.Element {
  return (
    <section class="stack">
      <h1>Not found</h1>
      <p>
        There is nothing here, or it belongs to a brand you cannot see.{' '}
        <Link href={paths.overview()}>Back to the overview</Link>
      </p>
    </section>
  );
}
