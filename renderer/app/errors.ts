// Turns a rejected contract call into words for the learner.
import { ApiError, type ApiErrorCode } from '../../common/errors';

export function errorCode(err: unknown): ApiErrorCode | undefined {
  if (err instanceof ApiError) return err.code;
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    return err.code as ApiErrorCode;
  }
  return undefined;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return 'something went wrong';
}
