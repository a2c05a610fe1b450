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
