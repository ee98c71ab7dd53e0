// Who may talk to the browser host: requests must name 127.0.0.1/localhost on our port in
// Host (defeats DNS rebinding), come from our own Origin when they carry one (defeats
// cross-site pages and sockets), and present the per-start token (query or cookie).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type AccessVerdict = { ok: true; tokenFromQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

export function cookieName(port: number): string {
  return `tutor_token_${port}`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function checkAccess(req: IncomingMessage, port: number, token: string): AccessVerdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) return { ok: false, status: 403, reason: 'foreign Host header' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: 'foreign Origin header' };
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && sameSecret(fromQuery, token)) return { ok: true, tokenFromQuery: true };
  const fromCookie = readCookie(req.headers.cookie, cookieName(port));
  if (fromCookie !== undefined && sameSecret(fromCookie, token)) return { ok: true, tokenFromQuery: false };
  return { ok: false, status: 401, reason: 'missing or wrong token' };
}
