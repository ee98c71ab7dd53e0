import { describe, expect, it } from 'vitest';
import { forbiddenDebugSwitch } from '../electron/main/debug-switches';

const has = (...names: string[]) => (name: string) => names.includes(name);

describe('debugging switches', () => {
  it('a packaged production build refuses remote debugging and the inspector', () => {
    const prod = { packaged: true, testBuild: false };
    expect(forbiddenDebugSwitch(has('remote-debugging-port'), prod)).toBe('remote-debugging-port');
    expect(forbiddenDebugSwitch(has('remote-debugging-pipe'), prod)).toBe('remote-debugging-pipe');
    expect(forbiddenDebugSwitch(has('inspect'), prod)).toBe('inspect');
    expect(forbiddenDebugSwitch(has('no-sandbox'), prod)).toBeUndefined();
  });

  it('the test build and the development app accept them (Playwright attaches through them)', () => {
    expect(forbiddenDebugSwitch(has('remote-debugging-port'), { packaged: true, testBuild: true })).toBeUndefined();
    expect(forbiddenDebugSwitch(has('remote-debugging-port'), { packaged: false, testBuild: false })).toBeUndefined();
  });
});
