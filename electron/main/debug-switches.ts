// Fuses can turn off --inspect but not Chromium's remote debugging: a shipped app started
// with --remote-debugging-port (or -pipe) could be scripted from outside, tutorBridge and
// saved SSH credentials included. A packaged production build refuses to start with them;
// the test build (electron-builder.test.yml marks it) needs them for Playwright.
export const DEBUG_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe', 'inspect', 'inspect-brk', 'inspect-port'] as const;

export function forbiddenDebugSwitch(hasSwitch: (name: string) => boolean, build: { packaged: boolean; testBuild: boolean }): string | undefined {
  if (!build.packaged || build.testBuild) return undefined;
  return DEBUG_SWITCHES.find((name) => hasSwitch(name));
}
