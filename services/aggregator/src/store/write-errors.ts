import type { MongoBulkWriteError, WriteError } from 'mongodb';

export const DUPLICATE_KEY = 11000;

/** A bulk write's per-document errors (the driver gives one error bare, several as a list). */
export function writeErrorsOf(err: MongoBulkWriteError): readonly WriteError[] {
  const raw: WriteError | readonly WriteError[] = err.writeErrors;
  return isList(raw) ? raw : [raw];
}

function isList(e: WriteError | readonly WriteError[]): e is readonly WriteError[] {
  return Array.isArray(e);
}

/**
 * The failure a bulk write error stands for when it is not an answer about the documents. The driver reports a
 * failure of the whole command (no server selectable, a connection closed mid-write) as a MongoBulkWriteError too,
 * with no write errors, a result of what earlier batches did, and the original error as its `errorResponse`. Read
 * as "0 inserted, 0 duplicates" it hid the real cause behind "insert accounted for 0 of 1 mentions" (issue 20).
 */
export function commandFailureOf(err: MongoBulkWriteError): Error | undefined {
  const original: unknown = err.errorResponse;
  if (original instanceof Error) return original;
  return writeErrorsOf(err).length === 0 ? err : undefined;
}
