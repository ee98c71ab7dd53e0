import { describe, expect, it } from 'vitest';
import { parseCopyList } from './copy-list';

describe('parseCopyList', () => {
  it('reads paths with optional octal modes, skipping blank lines', () => {
    expect(parseCopyList('/root/certificates/ca.crt\n\n  /root/certificates/kube-worker.key 0600\n/etc/x 644')).toEqual({
      items: [{ path: '/root/certificates/ca.crt' }, { path: '/root/certificates/kube-worker.key', mode: 0o600 }, { path: '/etc/x', mode: 0o644 }],
      problems: [],
    });
  });

  it('names each bad line: relative path, .., a folder, a bad mode, extra words, a duplicate, an empty list', () => {
    const { problems } = parseCopyList('certs/ca.crt\n/root/../etc/shadow\n/root/certs/\n/root/a 0999\n/root/b 0600 now\n/root/c\n/root/c\n/root/$(id)');
    expect(problems.map((p) => p.line)).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(problems[0]!.message).toMatch(/^certs\/ca.crt is not an absolute file path/);
    expect(problems[3]!.message).toBe('0999 is not an octal mode such as 0600');
    expect(problems[4]!.message).toBe('a copy line is a path and an optional mode; found 3 words');
    expect(problems[5]!.message).toBe('/root/c is listed twice');
    expect(parseCopyList(' \n').problems).toEqual([{ line: 0, message: 'a copy block lists no files' }]);
  });
});
