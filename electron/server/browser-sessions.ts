// The browser host's sign-in: the URL it prints carries a token that is good for ONE trade.
// The first request that presents it gets a session id in an HttpOnly cookie; the token is
// spent then, so a copy of the URL (history, a screenshot, another local program that saw
// it) opens nothing afterwards. Only a hash of each session id is kept, in the data dir
// (mode 600), so a page stays signed in when the browser host is restarted with the same
// data dir (a restart under an open page is what the renderer's reconnect is for).
// Sessions last SESSION_TTL_MS from their trade; the newest MAX_SESSIONS are kept.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { JsonFileStore } from '../core';

export const SESSION_TTL_MS = 7 * 24 * 3600_000;
export const MAX_SESSIONS = 8;
export const SESSIONS_FILE = 'browser-sessions.json';

const SessionsSchema = z.strictObject({
  schemaVersion: z.literal(1),
  sessions: z.array(z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.number() })),
});
type SessionsFile = z.infer<typeof SessionsSchema>;

const digest = (value: string) => createHash('sha256').update(value).digest('hex');

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type TradeResult = { ok: true; session: string } | { ok: false; reason: 'wrong token' | 'token already used' };

export class BrowserSessions {
  private tokenSpent = false;
  private sessions: SessionsFile['sessions'] = [];

  private constructor(
    private readonly token: string,
    private readonly store: JsonFileStore<SessionsFile> | undefined,
    private readonly now: () => number,
    private readonly notice: ((message: string) => void) | undefined,
  ) {}

  /** `dataDir` keeps sessions across restarts; without it they live in memory only. */
  static async open(options: { token: string; dataDir?: string; now?: () => number; notice?: (message: string) => void }): Promise<BrowserSessions> {
    const store = options.dataDir
      ? new JsonFileStore<SessionsFile>({
          path: join(options.dataDir, SESSIONS_FILE),
          schema: SessionsSchema,
          empty: () => ({ schemaVersion: 1, sessions: [] }),
          what: 'browser sessions',
          schemaVersion: 1,
          notice: options.notice,
        })
      : undefined;
    const sessions = new BrowserSessions(options.token, store, options.now ?? Date.now, options.notice);
    if (store) sessions.sessions = sessions.live((await store.read()).sessions);
    return sessions;
  }

  /** Trades the printed token for a new session id, once. */
  async trade(candidate: string): Promise<TradeResult> {
    if (!sameSecret(candidate, this.token)) return { ok: false, reason: 'wrong token' };
    if (this.tokenSpent) return { ok: false, reason: 'token already used' };
    this.tokenSpent = true;
    const session = randomBytes(32).toString('base64url');
    this.sessions = this.live([...this.sessions, { sha256: digest(session), createdAt: this.now() }]).slice(-MAX_SESSIONS);
    // A disk that refuses the write (full, read-only) must not turn the sign-in into an error
    // page: the session is good in memory; only its survival across a restart is lost.
    try {
      await this.store?.update((draft) => {
        draft.sessions = this.sessions;
      });
    } catch (err) {
      this.notice?.(`You are signed in, but the sign-in could not be saved (${(err as Error).message}): after the browser host restarts, open the new address it prints.`);
    }
    return { ok: true, session };
  }

  isValid(session: string | undefined): boolean {
    if (session === undefined) return false;
    const hash = digest(session);
    return this.live(this.sessions).some((s) => sameSecret(s.sha256, hash));
  }

  private live(sessions: SessionsFile['sessions']): SessionsFile['sessions'] {
    const now = this.now();
    return sessions.filter((s) => s.createdAt <= now && now - s.createdAt < SESSION_TTL_MS);
  }
}
