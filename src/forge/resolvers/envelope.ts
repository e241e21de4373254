import { AppError, describeError } from '../../shared/errors';

/** Every resolver answers with one envelope, so the UI handles success and refusal the same way everywhere. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export async function respond<T>(work: () => Promise<T>): Promise<Envelope<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
    console.error(`resolver failed: ${describeError(error)}`);
    return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; the app log has the details' } };
  }
}
