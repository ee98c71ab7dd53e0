// Lists the concrete hosts of the user's ~/.ssh/config (parsed with the `ssh-config`
// package) so the learner can pick one instead of typing it. Patterns (`Host *`, `web-?`,
// `!x`) are not hosts and are skipped. `Match exec` is never run (matchExec: false).
// `Include` is not followed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import type { SshConfigHost } from '../../../common/api';
import { ApiError } from '../../../common/errors';
import { expandHome } from '../ssh/auth';

function values(value: string | { val: string }[]): string[] {
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value.map((v) => v.val);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** ssh_config(5) tokens we can resolve here: %h (host), %n (alias), %d (home), %% (%). */
function expandTokens(text: string, alias: string, host: string, homeDir: string): string {
  return text.replace(/%([hnd%])/g, (_m, t: string) => (t === 'h' ? host : t === 'n' ? alias : t === 'd' ? homeDir : '%'));
}

export function listSshConfigHosts(text: string, homeDir: string): SshConfigHost[] {
  const config = SSHConfig.parse(text);
  const aliases: string[] = [];
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    for (const alias of values(line.value)) {
      if (/[*?!]/.test(alias) || aliases.includes(alias)) continue;
      aliases.push(alias);
    }
  }
  return aliases.map((alias) => {
    const c = config.compute(alias, { ignoreCase: true, matchExec: false });
    const address = expandTokens(first(c.hostname) ?? alias, alias, alias, homeDir);
    const port = Number.parseInt(first(c.port) ?? '22', 10);
    const user = first(c.user);
    const identity = first(c.identityfile);
    const jump = first(c.proxyjump);
    const host: SshConfigHost = { alias, address, port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 22 };
    if (user) host.user = user;
    if (identity && identity.toLowerCase() !== 'none') host.identityFile = expandHome(expandTokens(identity, alias, address, homeDir), homeDir);
    if (jump && jump.toLowerCase() !== 'none') host.proxyJump = jump;
    return host;
  });
}

export async function importSshConfig(homeDir: string): Promise<SshConfigHost[]> {
  const path = join(homeDir, '.ssh', 'config');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new ApiError('FAILED_PRECONDITION', `${path} could not be read (${(err as Error).message}).`);
  }
  try {
    return listSshConfigHosts(text, homeDir);
  } catch (err) {
    throw new ApiError('FAILED_PRECONDITION', `${path} could not be understood (${(err as Error).message}).`);
  }
}
