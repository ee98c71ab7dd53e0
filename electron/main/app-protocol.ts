// Serves the renderer from app://app/ instead of file:// (a real origin for the IPC
// sender check and the CSP) and sends the CSP as a response header.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Protocol } from 'electron';
import { contentSecurityPolicy } from '../../common/csp';
import { resolveInside } from '../core';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string, assetsDir: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    const [root, rest] = url.pathname.startsWith('/course-assets/')
      ? [assetsDir, url.pathname.slice('/course-assets'.length)]
      : [rendererDir, url.pathname === '/' ? '/index.html' : url.pathname];
    const file = resolveInside(root, rest);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
