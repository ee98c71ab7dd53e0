// The browser host: core's contract over WebSocket plus the built renderer over HTTP,
// on 127.0.0.1 only, guarded by access.ts.
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Api, ApiEvents, EventName } from '../../common/api';
import { contentSecurityPolicy } from '../../common/csp';
import { dispatch } from '../../common/rpc';
import type { EventBus } from '../core';
import { checkAccess, cookieName } from './access';
import { resolveInside, sendFile } from './static-files';

export interface ServerOptions {
  api: Api;
  events: EventBus;
  rendererDir: string;
  assetsDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const csp = contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
  const baseHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };

  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void handleRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, baseHeaders);
      res.end('internal error');
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const verdict = checkAccess(req, port, token);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(verdict.status === 401 ? 'Unauthorized: open the URL that `npm run serve` printed (it carries the token).\n' : 'Forbidden\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, baseHeaders);
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (verdict.tokenFromQuery) {
      // Trade the URL token for a cookie, then drop it from the address bar and history.
      res.writeHead(303, {
        ...baseHeaders,
        'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname,
      });
      res.end();
      return;
    }
    const [root, rest] = url.pathname.startsWith('/course-assets/')
      ? [options.assetsDir, url.pathname.slice('/course-assets'.length)]
      : [options.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname];
    const file = resolveInside(root, rest);
    if (file && (await sendFile(res, file, baseHeaders))) return;
    res.writeHead(404, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
  }

  http.on('upgrade', (req, socket, head) => {
    const verdict = checkAccess(req, port, token);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!verdict.ok || path !== '/ws') {
      const status = verdict.ok ? '404 Not Found' : verdict.status === 401 ? '401 Unauthorized' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const unsubscribe = options.events.subscribe(<E extends EventName>(name: E, payload: ApiEvents[E]) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', name, payload }));
    });
    ws.on('close', unsubscribe);
    ws.on('message', (raw) => {
      let msg: { type?: unknown; id?: unknown; name?: unknown; args?: unknown };
      try {
        msg = JSON.parse(raw.toString()) as typeof msg;
      } catch {
        ws.close(1003, 'messages must be JSON');
        return;
      }
      if (msg.type !== 'call' || typeof msg.id !== 'number') {
        ws.close(1003, 'expected {type:"call", id, name, args}');
        return;
      }
      const id = msg.id;
      void dispatch(options.api, msg.name, msg.args).then((envelope) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, envelope }));
      });
    });
  }

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
