// The downloader's one network primitive: an HTTPS GET that follows redirects (GitHub
// sends release files to its CDN), refuses a downgrade to http, and gives up when the
// server does not answer or the body stalls. Tests pass their own CA; the code path is
// the same.
import type { IncomingHttpHeaders } from 'node:http';
import { request, type Agent } from 'node:https';
import type { Readable } from 'node:stream';

export interface FetchResponse {
  body: Readable;
  headers: IncomingHttpHeaders;
  /** The URL that answered, after redirects. */
  url: string;
}

export type ArtifactFetch = (url: string, options?: { signal?: AbortSignal }) => Promise<FetchResponse>;

export interface HttpsFetchOptions {
  /** Extra trusted CA certificates (PEM), e.g. a test server's self-signed one. */
  ca?: string | Buffer;
  agent?: Agent;
  /** No answer (connect, TLS, headers) or no body data for this long: give up. Default 30 s. */
  idleTimeoutMs?: number;
  maxRedirects?: number;
}

export class FetchError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'FetchError';
  }
}

const host = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

export function createHttpsFetch(options: HttpsFetchOptions = {}): ArtifactFetch {
  const idleMs = options.idleTimeoutMs ?? 30_000;
  const maxRedirects = options.maxRedirects ?? 8;

  const get = (url: string, redirectsLeft: number, signal?: AbortSignal): Promise<FetchResponse> =>
    new Promise((resolve, reject) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        reject(new FetchError(`not a valid URL: ${url}`));
        return;
      }
      if (parsed.protocol !== 'https:') {
        reject(new FetchError(`refusing to download over ${parsed.protocol.replace(':', '')}: ${url} (only https)`));
        return;
      }
      const req = request(parsed, {
        method: 'GET',
        headers: { 'user-agent': 'k8s-from-scratch-tutor', accept: '*/*' },
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.agent ? { agent: options.agent } : {}),
        ...(signal ? { signal } : {}),
      });
      let answered = false;
      req.setTimeout(idleMs, () => {
        const err = new FetchError(answered
          ? `the download from ${host(url)} stalled: no data for ${Math.round(idleMs / 1000)} s`
          : `${host(url)} did not answer within ${Math.round(idleMs / 1000)} s`);
        req.destroy(err);
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (answered) return; // reported through the body stream
        const why = err instanceof FetchError ? err.message
          : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' ? `cannot resolve ${parsed.hostname} (no internet or no DNS on this computer?)`
          : err.code === 'ECONNREFUSED' ? `${host(url)} refused the connection`
          : err.code === 'ABORT_ERR' ? 'the download was cancelled'
          : `${host(url)}: ${err.message}`;
        reject(new FetchError(why));
      });
      req.on('response', (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          req.setTimeout(0);
          if (redirectsLeft <= 0) {
            reject(new FetchError(`too many redirects downloading ${url}`));
            return;
          }
          const next = new URL(res.headers.location, parsed).toString();
          get(next, redirectsLeft - 1, signal).then(resolve, reject);
          return;
        }
        if (status !== 200) {
          res.resume();
          req.setTimeout(0);
          reject(new FetchError(`${url} answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, status));
          return;
        }
        // A stalled body: the request's socket timeout fires and destroys the response.
        req.on('error', (err) => res.destroy(err));
        res.on('end', () => req.setTimeout(0));
        resolve({ body: res, headers: res.headers, url });
      });
      req.end();
    });

  return (url, opts) => get(url, maxRedirects, opts?.signal);
}

/** Reads a small response (a checksum file) into memory, refusing anything larger than `limit`. */
export async function readSmall(body: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > limit) {
      body.destroy();
      throw new FetchError(`${what} is larger than ${limit} bytes: not a checksum file`);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
