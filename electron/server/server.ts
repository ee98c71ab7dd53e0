// The browser host: core's contract over WebSocket plus the built renderer over HTTP,
// on 127.0.0.1 only, guarded by access.ts (one-use token traded for a session cookie).
// Each socket is one viewer of core (its terminals' flow control is its own) and is
// served by socket-session.ts, which bounds what one client can cost.
import { randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ViewerApi } from '../../common/api';
import { contentSecurityPolicy } from '../../common/csp';
import type { EventBus } from '../core';
import { checkAccess, cookieName } from './access';
import { BrowserSessions } from './browser-sessions';
import { type SocketLimits, serveSocket } from './socket-session';
import { resolveInside, sendFile } from './static-files';

export interface ServerOptions {
  api: ViewerApi;
  events: EventBus;
  rendererDir: string;
  assetsDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /** Where sessions are kept across restarts (the data dir); memory only without it. */
  sessionsDir?: string;
  /** Told what the learner should know (a sign-in that could not be saved). */
  notice?: (message: string) => void;
  /** Per-socket bounds, for tests; socket-session.ts has the defaults. */
  limits?: Partial<SocketLimits>;
  /** Called once, when the first of the renderer's scripts has been sent (cli.ts starts core then). */
  onScriptSent?: () => void;
}

export interface RunningServer {
  /** The URL to print: its token is good for one sign-in. */
  url: string;
  port: number;
  token: string;
  /** The session cookie's name. */
  cookieName: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
/** Vite's output names (name-<content hash>.js|css): a changed file gets a new name, so a
 * page reload may take these from the browser's cache; everything else is no-store. */
const HASHED_ASSET = /^\/assets\/[\w.-]+-[\w-]{8}\.(?:js|css)$/;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const http = createServer();
  const sessions = await BrowserSessions.open({ token, dataDir: options.sessionsDir, notice: options.notice });
  // UTF-8 is checked by socket-session.ts, which can then say why it closes.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, skipUTF8Validation: true });
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

  let scriptWasSent = false;
  const scriptSent = () => {
    if (scriptWasSent) return;
    scriptWasSent = true;
    options.onScriptSent?.();
  };

  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void handleRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, baseHeaders);
      res.end('internal error');
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only a GET trades the token (a HEAD, as link previewers send, would spend it for nothing).
    const verdict = await checkAccess(req, port, sessions, { trade: req.method === 'GET' });
    if (!verdict.ok) {
      res.writeHead(verdict.status, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        verdict.status === 403
          ? 'Forbidden\n'
          : verdict.reason === 'token already used'
            ? 'Unauthorized: this link was already used to sign in (its token works once). Restart `npm run serve` for a new link, or use the browser that opened it.\n'
            : 'Unauthorized: open the URL that `npm run serve` printed (it carries a one-use token).\n',
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, baseHeaders);
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if ('newSession' in verdict || verdict.tokenInQuery) {
      // The token was traded (or is spent): drop it from the address bar and history.
      res.writeHead(303, {
        ...baseHeaders,
        ...('newSession' in verdict ? { 'Set-Cookie': `${cookieName(port)}=${verdict.newSession}; HttpOnly; SameSite=Strict; Path=/` } : {}),
        Location: url.pathname,
      });
      res.end();
      return;
    }
    const [root, rest] = url.pathname.startsWith('/course-assets/')
      ? [options.assetsDir, url.pathname.slice('/course-assets'.length)]
      : [options.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname];
    const file = resolveInside(root, rest);
    const headers = root === options.rendererDir && HASHED_ASSET.test(rest) ? { ...baseHeaders, 'Cache-Control': 'private, max-age=31536000, immutable' } : baseHeaders;
    if (file && (await sendFile(res, file, headers))) {
      if (root === options.rendererDir && file.endsWith('.js')) res.once('finish', scriptSent);
      return;
    }
    res.writeHead(404, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
  }

  http.on('upgrade', (req, socket, head) => {
    // A socket that errors before the handshake ends (a reset) must not end the process.
    socket.on('error', () => socket.destroy());
    void (async () => {
      const verdict = await checkAccess(req, port, sessions, { trade: false });
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!verdict.ok || path !== '/ws') {
        const status = verdict.ok ? '404 Not Found' : verdict.status === 401 ? '401 Unauthorized' : '403 Forbidden';
        socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => connectViewer(ws));
    })().catch(() => socket.destroy());
  });

  function connectViewer(ws: WebSocket): void {
    const viewer = `socket-${randomUUID()}`;
    serveSocket(ws, {
      api: options.api.forViewer(viewer),
      viewer,
      subscribe: (sink) => options.events.subscribe(sink),
      onClose: () => options.api.viewerGone(viewer),
      limits: options.limits,
    });
  }

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    cookieName: cookieName(port),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
