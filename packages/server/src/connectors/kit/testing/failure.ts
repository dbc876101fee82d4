import { QiaoError } from '../../../errors/index.ts';

/** Awaits a promise expected to reject and returns its QiaoError (anything else fails the test). */
export async function failure(promise: Promise<unknown>): Promise<QiaoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof QiaoError)) throw new Error(`expected a QiaoError, got ${String(error)}`);
  return error;
}
