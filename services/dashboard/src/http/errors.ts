/** An answer other than 2xx that a handler chooses; the error handler turns it into an ErrorBody. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, issues?: { path: string; message: string }[]) =>
  new HttpError(400, 'bad_request', message, issues);

export const unauthorized = () => new HttpError(401, 'unauthorized', 'log in first (or send an API token)');

export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);

/** The answer for anything the caller may not see: the same as for something that does not exist. */
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
