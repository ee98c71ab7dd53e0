import { describe, expect, it } from 'vitest';
import { parseProxyJump } from './host-proxyjump';

describe('parseProxyJump', () => {
  it('reads user@host:port, host:port and host', () => {
    expect(parseProxyJump('jump@bastion.example.org:2200')).toEqual({ ok: true, jump: { address: 'bastion.example.org', port: 2200, user: 'jump' } });
    expect(parseProxyJump('10.0.0.1:2222')).toEqual({ ok: true, jump: { address: '10.0.0.1', port: 2222 } });
    expect(parseProxyJump(' bastion ')).toEqual({ ok: true, jump: { address: 'bastion', port: 22 } });
  });

  it('reads the ssh:// form and bracketed IPv6', () => {
    expect(parseProxyJump('ssh://me@gw:2022')).toEqual({ ok: true, jump: { address: 'gw', port: 2022, user: 'me' } });
    expect(parseProxyJump('[fd00::1]:2200')).toEqual({ ok: true, jump: { address: '[fd00::1]', port: 2200 } });
  });

  it('treats empty and none as no jump', () => {
    expect(parseProxyJump('')).toEqual({ ok: true, jump: null });
    expect(parseProxyJump('none')).toEqual({ ok: true, jump: null });
  });

  it('refuses what the form cannot hold', () => {
    expect(parseProxyJump('a@b,c@d')).toMatchObject({ ok: false, reason: expect.stringMatching(/several/) });
    expect(parseProxyJump('host:99999')).toMatchObject({ ok: false });
    expect(parseProxyJump('host:ssh')).toMatchObject({ ok: false });
    expect(parseProxyJump('fd00::1')).toMatchObject({ ok: false, reason: expect.stringMatching(/brackets/) });
    expect(parseProxyJump('bad user@host')).toMatchObject({ ok: false });
    expect(parseProxyJump('$(reboot)@host')).toMatchObject({ ok: false });
    expect(parseProxyJump('-oProxyCommand=x')).toMatchObject({ ok: false });
  });
});
