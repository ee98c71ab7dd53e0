// Test aid: the error a promise rejects with, for tests that assert several of its fields;
// a promise that resolves fails the test.
export async function rejectionOf<E = Error>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected the promise to reject');
}
