// ProxyJump values from ~/.ssh/config, for the import: only a single hop written as
// [user@]host[:port] (or ssh://[user@]host[:port]) becomes the form's jump host. Pure.

export interface ParsedJump {
  address: string;
  port: number;
  user?: string;
}

/** ok with jump null: "no jump" (empty or `none`). */
export type ProxyJumpResult = { ok: true; jump: ParsedJump | null } | { ok: false; reason: string };

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const USER = /^[a-z_][a-z0-9_.-]*\$?$/i;

export function parseProxyJump(value: string): ProxyJumpResult {
  let text = value.trim();
  if (text === '' || text.toLowerCase() === 'none') return { ok: true, jump: null };
  if (text.includes(',')) return { ok: false, reason: 'it chains several jump hosts' };
  if (/\s/.test(text)) return { ok: false, reason: 'it contains spaces' };
  if (text.toLowerCase().startsWith('ssh://')) text = text.slice('ssh://'.length).replace(/\/$/, '');

  let user: string | undefined;
  const at = text.lastIndexOf('@');
  if (at >= 0) {
    user = text.slice(0, at);
    text = text.slice(at + 1);
    if (!USER.test(user)) return { ok: false, reason: `“${user}” is not a user name` };
  }

  let address: string;
  let portText: string | undefined;
  const bracketed = /^(\[[0-9a-fA-F:]+\])(?::(\d*))?$/.exec(text);
  if (bracketed) {
    address = bracketed[1] as string;
    portText = bracketed[2];
  } else {
    const colon = text.indexOf(':');
    if (colon >= 0) {
      if (text.indexOf(':', colon + 1) >= 0) return { ok: false, reason: 'write an IPv6 address in [brackets]' };
      address = text.slice(0, colon);
      portText = text.slice(colon + 1);
    } else {
      address = text;
    }
    if (!HOST.test(address)) return { ok: false, reason: `“${address}” is not a host name or address` };
  }

  let port = 22;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      return { ok: false, reason: `“${portText}” is not a port number` };
    }
    port = Number(portText);
  }
  return { ok: true, jump: user ? { address, port, user } : { address, port } };
}
