import { MongoServerError } from 'mongodb';
import { TransientError, UpstreamError } from '@srw/errors';

const duplicateKey = 11000;

/** True for the driver's duplicate-key error: the adapters turn it into a conflict or a lost race. */
export const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === duplicateKey;

/**
 * Our errors from the driver's, so no driver type travels above the adapter: a server error that is
 * not labelled retryable is an upstream failure; network and retryable-write errors are transient.
 * Callers handle a duplicate key themselves before this sees it.
 */
export function fromDriverError(what: string, error: unknown): Error {
  const message = `MongoDB ${what} failed: ${(error as Error).message}`;
  if (error instanceof MongoServerError && !error.hasErrorLabel('RetryableWriteError')) {
    return new UpstreamError(message, 500, undefined, { cause: error, retryable: false });
  }
  return new TransientError(message, { cause: error });
}

export async function translate<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw fromDriverError(what, error);
  }
}
