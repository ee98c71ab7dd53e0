// The Content-Security-Policy both hosts send (asserted in Chromium by e2e/foundation.spec.ts).
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

describe('contentSecurityPolicy', () => {
  const csp = directives(contentSecurityPolicy());

  it('runs only the app\'s own scripts: no inline script, no eval, no other origin', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*|https?:/);
  });

  it('allows no plugins, no <base> rewrite, no form posts and no framing', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('connects only to itself, plus what a host adds (the browser host\'s WebSocket)', () => {
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(directives(contentSecurityPolicy(['ws://127.0.0.1:4000'])).get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4000']);
  });
});
