// Who may talk to the browser host: requests must name 127.0.0.1/localhost on our port in
// Host (defeats DNS rebinding), come from our own Origin when they carry one (defeats
// cross-site pages and sockets), and carry a session cookie (browser-sessions.ts), which a
// page gets once by presenting the printed one-use token in `?token=`.
import type { IncomingMessage } from 'node:http';
import type { BrowserSessions } from './browser-sessions';

export type AccessVerdict =
  /** `tokenInQuery`: a signed-in request that still carries `?token=`: redirect to drop it. */
  | { ok: true; tokenInQuery: boolean }
  /** The token was just traded: set this session cookie. */
  | { ok: true; newSession: string }
  | { ok: false; status: 401 | 403; reason: string };

export function cookieName(port: number): string {
  return `tutor_session_${port}`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Host and Origin only. */
export function checkOrigin(req: IncomingMessage, port: number): { ok: true } | { ok: false; status: 403; reason: string } {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) return { ok: false, status: 403, reason: 'foreign Host header' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: 'foreign Origin header' };
  }
  return { ok: true };
}

/**
 * A page request: signed in by its cookie, or by trading `?token=` (`trade` false, as for a
 * WebSocket handshake, which cannot set a cookie: the cookie only).
 */
export async function checkAccess(req: IncomingMessage, port: number, sessions: BrowserSessions, options: { trade: boolean }): Promise<AccessVerdict> {
  const origin = checkOrigin(req, port);
  if (!origin.ok) return origin;
  const url = new URL(req.url ?? '/', 'http://x');
  const fromQuery = url.searchParams.get('token');
  if (sessions.isValid(readCookie(req.headers.cookie, cookieName(port)))) return { ok: true, tokenInQuery: fromQuery !== null };
  if (fromQuery !== null && options.trade) {
    const traded = await sessions.trade(fromQuery);
    if (traded.ok) return { ok: true, newSession: traded.session };
    return { ok: false, status: 401, reason: traded.reason };
  }
  return { ok: false, status: 401, reason: 'not signed in' };
}
