// Builds ssh2's authHandler for a host profile: exactly the method the learner chose, in
// the order Tabby and OpenSSH use within it. Problems on our side (no password saved, key
// file missing, wrong passphrase, no agent) are reported BEFORE any connection is opened.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
// ssh2 is CommonJS: Node's ESM loader sees only its default export.
import ssh2, { type AnyAuthMethod, type AuthHandlerMiddleware, type AuthenticationType, type KeyboardInteractiveCallback, type Prompt } from 'ssh2';

const { utils } = ssh2;
import { SSH_ERROR_PREFIX, SshError } from './ssh-errors';

export type AuthSpec =
  | { method: 'password'; password?: string }
  | { method: 'key'; privateKeyPath: string; passphrase?: string }
  | { method: 'agent' };

export interface AuthPlan {
  method: AuthSpec['method'];
  /** The methods to offer, for the given user. */
  methods(user: string): AnyAuthMethod[];
  /** What was offered, for messages ("the password", "the key ~/.ssh/id_ed25519"). */
  what: string;
}

/** `~` and `~/x` resolve against homeDir; relative paths too (as ssh does for IdentityFile). */
export function expandHome(path: string, homeDir: string = homedir()): string {
  if (path === '~') return homeDir;
  if (path.startsWith('~/')) return join(homeDir, path.slice(2));
  return isAbsolute(path) ? path : join(homeDir, path);
}

export interface AuthEnv {
  homeDir: string;
  /** SSH_AUTH_SOCK and friends; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Which role/host the secret belongs to, for messages ("kube-worker"). */
  hostLabel: string;
}

export async function buildAuthPlan(spec: AuthSpec, opts: AuthEnv): Promise<AuthPlan> {
  const c = SSH_ERROR_PREFIX.credentials;
  switch (spec.method) {
    case 'password': {
      const password = spec.password;
      if (password === undefined || password === '') {
        throw new SshError('credentials', 'auth', `${c}no password is saved for ${opts.hostLabel}. Enter it in Hosts.`);
      }
      const answer = (_n: string, _i: string, _l: string, prompts: Prompt[], finish: KeyboardInteractiveCallback) =>
        finish(prompts.map(() => password));
      return {
        method: 'password',
        what: 'the password',
        methods: (username) => [
          { type: 'password', username, password },
          { type: 'keyboard-interactive', username, prompt: answer },
        ],
      };
    }
    case 'key': {
      const path = expandHome(spec.privateKeyPath, opts.homeDir);
      let data: Buffer;
      try {
        data = await readFile(path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : code === 'EISDIR' ? 'is a folder, not a key file' : `cannot be read (${(err as Error).message})`;
        throw new SshError('credentials', 'auth', `${c}the key file ${path} ${why}. Check the key path in Hosts.`);
      }
      const parsed = utils.parseKey(data, spec.passphrase);
      if (parsed instanceof Error) {
        const msg = parsed.message;
        if (/no passphrase given/i.test(msg)) {
          throw new SshError('credentials', 'auth', `${c}the key file ${path} is protected by a passphrase. Enter the passphrase in Hosts.`);
        }
        if (/passphrase|decrypt|integrity/i.test(msg)) {
          throw new SshError('credentials', 'auth', `${c}the passphrase for the key file ${path} is wrong (the key could not be decrypted). Check the passphrase in Hosts.`);
        }
        throw new SshError('credentials', 'auth', `${c}${path} is not a private key this app can read (${msg}). Choose your private key file (e.g. ~/.ssh/id_ed25519, not the .pub file).`);
      }
      const key = Array.isArray(parsed) ? parsed[0] : parsed;
      if (!key || !key.isPrivateKey()) {
        throw new SshError('credentials', 'auth', `${c}${path} holds a public key. Choose the private key file (the one without .pub).`);
      }
      return {
        method: 'key',
        what: `the key ${path}`,
        methods: (username) => [{ type: 'publickey', username, key: data, ...(spec.passphrase ? { passphrase: spec.passphrase } : {}) }],
      };
    }
    case 'agent': {
      const env = opts.env ?? process.env;
      const sock = env.SSH_AUTH_SOCK || (process.platform === 'win32' ? '\\\\.\\pipe\\openssh-ssh-agent' : '');
      if (!sock) {
        throw new SshError('credentials', 'auth', `${c}no SSH agent is available to this app (SSH_AUTH_SOCK is not set). Start ssh-agent and add your key with ssh-add before starting the app, or choose a key file in Hosts.`);
      }
      return { method: 'agent', what: 'the keys in your SSH agent', methods: (username) => [{ type: 'agent', username, agent: sock }] };
    }
  }
}

export interface AuthTracker {
  handler: AuthHandlerMiddleware;
  /** The methods the server said it accepts, after a first refusal. */
  serverAllows(): AuthenticationType[] | undefined;
  /** Whether any method was actually sent to the server. */
  attempted(): boolean;
}

/** Offers the plan's methods one after the other, skipping those the server does not allow. */
export function trackAuth(methods: AnyAuthMethod[]): AuthTracker {
  let next = 0;
  let allowed: AuthenticationType[] | undefined;
  let sent = false;
  const handler: AuthHandlerMiddleware = (authsLeft, _partial, callback) => {
    // ssh2 passes null before the first attempt.
    if (authsLeft) allowed = authsLeft;
    while (next < methods.length) {
      const m = methods[next++]!;
      const wire: AuthenticationType = m.type === 'agent' ? 'publickey' : m.type;
      if (!authsLeft || authsLeft.includes(wire)) {
        sent = true;
        callback(m);
        return;
      }
    }
    callback(false as unknown as AuthenticationType);
  };
  return { handler, serverAllows: () => allowed, attempted: () => sent };
}
