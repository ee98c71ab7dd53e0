// A second client of a running browser host, from Node: tests use it to read what the UI
// cannot show (e.g. the flow-control counter) through the same contract. The URL the host
// prints carries a one-use token: signIn trades it once for a session cookie, which this
// client, Playwright's browser context (addSessionCookie) and the benchmarks then carry.
import { request } from 'node:http';
import WebSocket from 'ws';
import type { ApiClient, EventName, OperationName } from '../../common/api';
import { createClient } from '../../common/client';
import type { Envelope } from '../../common/rpc';
import { decodeTerminalFrame } from '../../common/terminal-frames';

export interface BrowserSession {
  /** http://127.0.0.1:PORT/ : the app, without a token. */
  url: string;
  cookie: { name: string; value: string };
}

/** Trades the printed URL's token for a session (once: the token is spent afterwards). */
export function signIn(printedUrl: string): Promise<BrowserSession> {
  const url = new URL(printedUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers: { host: url.host } }, (res) => {
      res.resume();
      const set = res.headers['set-cookie']?.[0];
      const match = set ? /^([^=;]+)=([^;]*)/.exec(set) : null;
      if (res.statusCode !== 303 || !match) {
        reject(new Error(`signing in at ${url.origin} failed: HTTP ${res.statusCode}`));
        return;
      }
      resolve({ url: `${url.origin}/`, cookie: { name: match[1]!, value: match[2]! } });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Playwright: lets every page of `context` open the app (the cookie the trade set). */
export async function addSessionCookie(context: { addCookies(cookies: { name: string; value: string; url: string; httpOnly?: boolean; sameSite?: 'Strict' }[]): Promise<void> }, session: BrowserSession): Promise<void> {
  await context.addCookies([{ ...session.cookie, url: session.url, httpOnly: true, sameSite: 'Strict' }]);
}

export async function connectApi(session: BrowserSession): Promise<ApiClient & { close(): void }> {
  const url = new URL(session.url);
  const ws = new WebSocket(`ws://${url.host}/ws`, { headers: { cookie: `${session.cookie.name}=${session.cookie.value}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`the browser host refused the socket: HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const pending = new Map<number, (e: Envelope) => void>();
  let sink: (name: EventName, payload: unknown) => void = () => {};
  let nextId = 1;
  ws.on('message', (raw, isBinary) => {
    if (isBinary) {
      // Terminal output (common/terminal-frames.ts), the same event the page gets.
      const event = decodeTerminalFrame(raw as Buffer);
      if (event) sink('terminal:data', event);
      return;
    }
    const msg = JSON.parse(raw.toString());
    if (msg.type === 'result') {
      pending.get(msg.id)?.(msg.envelope);
      pending.delete(msg.id);
    } else sink(msg.name, msg.payload);
  });
  ws.on('close', (code, reason) => {
    for (const done of pending.values()) done({ ok: false, error: { code: 'INTERNAL', message: `the socket closed (${code} ${reason.toString()})` } });
    pending.clear();
  });
  const client = createClient({
    call: (name: OperationName, args: unknown[]) =>
      new Promise<Envelope>((resolve) => {
        if (ws.readyState !== WebSocket.OPEN) return resolve({ ok: false, error: { code: 'INTERNAL', message: 'the socket is closed' } });
        const id = nextId++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, name, args }));
      }),
    onEvent: (s) => {
      sink = s;
    },
  });
  return Object.assign(client, { close: () => ws.close() });
}
