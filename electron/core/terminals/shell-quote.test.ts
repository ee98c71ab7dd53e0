import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shjoin, shq } from './shell-quote';

const echo = (words: string[]) => execFileSync('sh', ['-c', `printf '%s\\n' ${shjoin(words)}`], { encoding: 'utf8' });

describe('shq', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(shq('/root/certificates/ca.crt')).toBe('/root/certificates/ca.crt');
    expect(shq('a b')).toBe(`'a b'`);
    expect(shq(`it's`)).toBe(`'it'\\''s'`);
    expect(shq('')).toBe(`''`);
  });

  it('survives a real shell unchanged, whatever the characters', () => {
    const nasty = [`it's`, 'a b', '$(touch /tmp/pwned)', '`id`', '; rm -rf /', '*', '~', 'x\ny', '"q"', '\\', '!', '{a,b}', '-n', ''];
    expect(echo(nasty)).toBe(nasty.map((w) => `${w}\n`).join(''));
  });

  it('refuses a NUL byte', () => {
    expect(() => shq('a\0b')).toThrow(/NUL/);
  });
});
