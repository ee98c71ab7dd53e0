import { describe, expect, it } from 'vitest';
import { isCopy, isRunnable, parseFenceInfo } from './fence-info';

describe('parseFenceInfo', () => {
  it('reads the language and plain or quoted attributes', () => {
    expect(parseFenceInfo(`bash host=master title="Create etcd's certificate" id=etcd-cert`)).toEqual({
      lang: 'bash',
      attributes: { host: 'master', title: "Create etcd's certificate", id: 'etcd-cert' },
      expect: [],
    });
    expect(parseFenceInfo(`sh title='Say "hi"' host=any`).attributes).toEqual({ title: 'Say "hi"', host: 'any' });
  });

  it('lower-cases the language and keeps the first of repeated attributes', () => {
    expect(parseFenceInfo('Shell host=a host=b')).toEqual({ lang: 'shell', attributes: { host: 'a' }, expect: [] });
  });

  it('keeps every expect= value with its column, in order', () => {
    const info = 'bash host=master expect="is healthy" expect=/^ok$/m';
    expect(parseFenceInfo(info).expect).toEqual([
      { value: 'is healthy', at: info.indexOf('expect="') },
      { value: '/^ok$/m', at: info.indexOf('expect=/') },
    ]);
    expect(parseFenceInfo(info).attributes.expect).toBe('is healthy');
  });

  it('has no language when the info string starts with an attribute', () => {
    expect(parseFenceInfo('host=master').lang).toBe('');
  });

  it('is runnable only for bash, sh or shell with a host', () => {
    expect(isRunnable(parseFenceInfo('bash host=master'))).toBe(true);
    expect(isRunnable(parseFenceInfo('sh host=worker'))).toBe(true);
    expect(isRunnable(parseFenceInfo('shell host='))).toBe(true);
    expect(isRunnable(parseFenceInfo('bash'))).toBe(false);
    expect(isRunnable(parseFenceInfo('yaml host=master'))).toBe(false);
    expect(isRunnable(parseFenceInfo(''))).toBe(false);
  });
});

describe('isCopy', () => {
  it('is a copy fence with from= or host=, whatever else it says', () => {
    expect(isCopy(parseFenceInfo('copy from=master host=worker title="Copy"'))).toBe(true);
    expect(isCopy(parseFenceInfo('copy host=worker'))).toBe(true);
    expect(isCopy(parseFenceInfo('copy'))).toBe(false);
    expect(isCopy(parseFenceInfo('bash from=master host=worker'))).toBe(false);
  });
});
