// The envelope both transports carry, and the one place that validates arguments and
// turns thrown errors into data (so an error keeps its code across IPC and WebSocket).
import { z } from 'zod';
import { type Api, type OperationName, operationArgs } from './api';
import { ApiError, type ApiErrorCode } from './errors';

export type Envelope =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: ApiErrorCode; message: string } };

export function isOperation(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(operationArgs, name);
}

/** Validates `args` for `name` and calls the implementation. Never throws. */
export async function dispatch(api: Api, name: unknown, args: unknown): Promise<Envelope> {
  try {
    if (!isOperation(name)) throw new ApiError('UNKNOWN_OPERATION', `unknown operation ${JSON.stringify(String(name))}`);
    const parsed = operationArgs[name].safeParse(args);
    if (!parsed.success) {
      throw new ApiError('INVALID_ARGUMENT', `${name}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
    }
    const fn = api[name] as (...a: unknown[]) => Promise<unknown>;
    const result = await fn.apply(api, parsed.data as unknown[]);
    return { ok: true, result: result ?? null };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: { code: err.code, message: err.message } };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'INTERNAL', message } };
  }
}

export function unwrap(envelope: Envelope): unknown {
  if (envelope.ok) return envelope.result;
  throw new ApiError(envelope.error.code, envelope.error.message);
}
