// https: a TCP stream opened FROM the VM (HostAccess.forwardOut) to 127.0.0.1:port carries
// a TLS connection verified against the learner's CA (read over exec, with the optional
// client certificate and key), then one HTTP/1.1 GET. Status (default 200) and body
// (substring or /regex/) are compared; TLS failures are explained.
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { HostAccessError } from '../host-access';
import { quoteOutput, textMatcher } from '../expect-text';
import { basename, readFiles, type ReadFile } from '../read-files';
import { fail, pass, type CheckContext, type CheckKindRunner, type KindVerdict, type SpecOf } from '../types';

export const HTTPS_HOST = '127.0.0.1';
const MAX_RESPONSE = 1024 * 1024;

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

/** Parses a whole HTTP/1.x response (chunked or not). */
export function parseHttpResponse(raw: Buffer): HttpResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('the server sent no complete HTTP response');
  const head = raw.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/\d(?:\.\d)? (\d{3}) ?(.*)$/.exec(head[0] ?? '');
  if (!m) throw new Error(`the server did not answer with HTTP (${JSON.stringify((head[0] ?? '').slice(0, 60))})`);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const eol = body.indexOf('\r\n', at);
      if (eol < 0) break;
      const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
      if (!Number.isFinite(size) || size === 0) break;
      parts.push(body.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else if (headers['content-length'] !== undefined) {
    body = body.subarray(0, Number(headers['content-length']));
  }
  return { status: Number(m[1]), statusText: m[2] ?? '', headers, body: body.toString('utf8') };
}

/** A learner's explanation of a TLS or socket error. */
export function explainTlsError(err: NodeJS.ErrnoException & { reason?: string }, caName: string | undefined, port: number): string {
  const code = err.code ?? '';
  const ca = caName ? `your CA (${caName})` : 'the system\'s trusted CAs (no ca given)';
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'CERT_SIGNATURE_FAILURE':
      return `the server's certificate is not signed by ${ca} (${code})`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `hostname/IP mismatch: ${err.reason ?? err.message}`;
    case 'CERT_HAS_EXPIRED':
      return 'the server\'s certificate has expired (CERT_HAS_EXPIRED)';
    case 'CERT_NOT_YET_VALID':
      return 'the server\'s certificate is not valid yet (CERT_NOT_YET_VALID): check the clocks';
    case 'INVALID_CA':
    case 'INVALID_PURPOSE':
      return `the server's certificate chain is not acceptable (${code}): ${err.message}`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `the server on port ${port} closed the connection during the TLS handshake: it may want a client certificate, or not speak TLS`;
    default:
      break;
  }
  const msg = err.message ?? String(err);
  if (/alert certificate required|alert number 116/i.test(msg)) return `the server on port ${port} wants a client certificate (give cert and key)`;
  if (/alert (bad certificate|unknown ca)|alert number (42|48)/i.test(msg)) return `the server on port ${port} rejected the client certificate (${msg.replace(/^.*?:/, '').trim()})`;
  if (/wrong version number|packet length too long|http request/i.test(msg)) return `port ${port} does not speak TLS (${msg})`;
  return `TLS connection to port ${port} failed: ${msg}${code ? ` (${code})` : ''}`;
}

function exchange(ctx: CheckContext, socket: TLSSocket, request: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onAbort = () => socket.destroy(new Error('the check timed out'));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_RESPONSE) socket.destroy();
      else chunks.push(d);
      // Without Connection: close honoured, stop at a complete Content-Length body.
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      const len = end >= 0 ? /\r\ncontent-length:\s*(\d+)/i.exec(all.subarray(0, end).toString('latin1')) : null;
      if (len && all.length >= end + 4 + Number(len[1])) socket.end();
    });
    socket.on('error', (err) => {
      ctx.signal.removeEventListener('abort', onAbort);
      if (chunks.length) resolve(Buffer.concat(chunks));
      else reject(err);
    });
    const done = () => {
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks));
      socket.destroy(); // over an SSH channel, 'close' may never follow the server's 'end'
    };
    socket.on('end', done);
    socket.on('close', done);
    socket.write(request);
  });
}

function handshake(ctx: CheckContext, stream: Duplex, tls: { ca?: Buffer; cert?: Buffer; key?: Buffer }): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      socket: stream,
      host: HTTPS_HOST,
      rejectUnauthorized: true,
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
    });
    const onAbort = () => socket.destroy(new Error('the check timed out'));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(socket);
    });
    socket.once('error', (err) => {
      ctx.signal.removeEventListener('abort', onAbort);
      stream.destroy();
      reject(err);
    });
  });
}

export function judgeResponse(spec: SpecOf<'https'>, res: HttpResponse, where: string): KindVerdict {
  const wantStatus = spec.expect?.status ?? 200;
  const problems: string[] = [];
  if (res.status !== wantStatus) problems.push(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}, expected ${wantStatus}; body: ${quoteOutput(res.body, 3)}`);
  if (spec.expect?.body !== undefined) {
    const m = textMatcher(spec.expect.body);
    if (!m.test(res.body)) problems.push(`body ${m.describe} expected; found ${quoteOutput(res.body, 3)}`);
  }
  if (problems.length) return fail(`${where}: ${problems.join('; ')}`);
  return pass(`${where} answered HTTP ${res.status}: ${quoteOutput(res.body, 1)} (TLS verified)`);
}

export const runHttpsCheck: CheckKindRunner<'https'> = async (spec, ctx) => {
  const paths = [spec.ca, spec.cert, spec.key].filter((p): p is string => p !== undefined);
  const files = await readFiles(ctx, paths);
  const get = (p: string | undefined): Buffer | undefined => {
    if (p === undefined) return undefined;
    const f = files[paths.indexOf(p)] as ReadFile;
    if (!f.ok) throw Object.assign(new Error(f.message), { fileProblem: true });
    return f.data;
  };
  let tls: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  try {
    const ca = get(spec.ca);
    const cert = get(spec.cert);
    const key = get(spec.key);
    tls = { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  } catch (err) {
    if ((err as { fileProblem?: boolean }).fileProblem) return fail((err as Error).message);
    throw err;
  }
  const where = `https://${HTTPS_HOST}:${spec.port}${spec.path}`;
  let stream;
  try {
    stream = await ctx.forwardOut(HTTPS_HOST, spec.port);
  } catch (err) {
    if (err instanceof HostAccessError && err.kind === 'forward-failed') {
      if (/refused/i.test(err.message)) return fail(`nothing answers on ${HTTPS_HOST}:${spec.port} on ${ctx.role} (connection refused): is the service running?`);
      if (/prohibited/i.test(err.message)) return fail(`the VM's sshd does not allow TCP forwarding (${err.message}): set AllowTcpForwarding yes in /etc/ssh/sshd_config`);
      return fail(`could not connect to ${HTTPS_HOST}:${spec.port} on ${ctx.role}: ${err.message}`);
    }
    throw err;
  }
  let socket: TLSSocket;
  try {
    socket = await handshake(ctx, stream, tls);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const bad = err as NodeJS.ErrnoException;
    if (/key values mismatch|KEY_VALUES_MISMATCH/i.test(bad.message)) return fail(`${spec.key ? basename(spec.key) : 'the key'} does not match ${spec.cert ? basename(spec.cert) : 'the client certificate'}`);
    if (/no start line|bad base64|PEM routines|ASN1/i.test(bad.message)) return fail(`a certificate or key file could not be loaded: ${bad.message}`);
    return fail(explainTlsError(bad, spec.ca ? basename(spec.ca) : undefined, spec.port));
  }
  const request = `GET ${spec.path} HTTP/1.1\r\nHost: ${HTTPS_HOST}:${spec.port}\r\nUser-Agent: k8s-tutor-check\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
  const raw = await exchange(ctx, socket, request);
  let res: HttpResponse;
  try {
    res = parseHttpResponse(raw);
  } catch (err) {
    return fail(`${where}: ${(err as Error).message}`);
  }
  return judgeResponse(spec, res, where);
};
