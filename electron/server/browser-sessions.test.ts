// The one-use token and the sessions it is traded for (the HTTP side is in
// test/websocket-server.test.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/temp-dir';
import { BrowserSessions, MAX_SESSIONS, SESSION_TTL_MS, SESSIONS_FILE } from './browser-sessions';

let dir: string;
useTempDir('sessions', (path) => (dir = path));

describe('BrowserSessions', () => {
  it('trades the token once; a wrong token is not spent by trying', async () => {
    const sessions = await BrowserSessions.open({ token: 'tok-123' });
    expect(await sessions.trade('tok-12')).toEqual({ ok: false, reason: 'wrong token' });
    const first = await sessions.trade('tok-123');
    expect(first.ok).toBe(true);
    expect(await sessions.trade('tok-123')).toEqual({ ok: false, reason: 'token already used' });
    expect(sessions.isValid(first.ok ? first.session : undefined)).toBe(true);
    expect(sessions.isValid('tok-123')).toBe(false);
    expect(sessions.isValid(undefined)).toBe(false);
  });

  it('a session ends SESSION_TTL_MS after its trade, also across a restart', async () => {
    let now = 1_000_000;
    const a = await BrowserSessions.open({ token: 'a', dataDir: dir, now: () => now });
    const traded = await a.trade('a');
    if (!traded.ok) throw new Error('trade failed');
    now += SESSION_TTL_MS - 1;
    const b = await BrowserSessions.open({ token: 'b', dataDir: dir, now: () => now });
    expect(b.isValid(traded.session)).toBe(true);
    now += 1;
    expect(b.isValid(traded.session)).toBe(false);
    expect((await BrowserSessions.open({ token: 'c', dataDir: dir, now: () => now })).isValid(traded.session)).toBe(false);
  });

  it(`keeps the newest ${MAX_SESSIONS} sessions`, async () => {
    const traded: string[] = [];
    for (let i = 0; i <= MAX_SESSIONS; i++) {
      const s = await BrowserSessions.open({ token: `t${i}`, dataDir: dir });
      const r = await s.trade(`t${i}`);
      if (r.ok) traded.push(r.session);
    }
    const latest = await BrowserSessions.open({ token: 'x', dataDir: dir });
    expect(traded.map((s) => latest.isValid(s))).toEqual([false, ...Array<boolean>(MAX_SESSIONS).fill(true)]);
  });

  it('a sign-in the disk refuses to save still signs in, and says it will not survive a restart', async () => {
    const notices: string[] = [];
    const sessions = await BrowserSessions.open({ token: 'tok', dataDir: dir, notice: (m) => notices.push(m) });
    mkdirSync(join(dir, SESSIONS_FILE)); // the atomic rename onto a directory fails
    const traded = await sessions.trade('tok');
    expect(traded.ok).toBe(true);
    expect(sessions.isValid(traded.ok ? traded.session : undefined)).toBe(true);
    expect(notices).toEqual([expect.stringMatching(/signed in, but the sign-in could not be saved \(.+\): after the browser host restarts/)]);
  });
});
