// Core's public entry: what the hosts (Electron main, the browser server) may use. Lint
// keeps them from reaching past it into core's folders.
import type { Core, CoreOptions } from './core';

export type { Core, CoreOptions } from './core';

/** Makes core. Its modules (and every package core uses: ssh2, node-pty, markdown-it, …)
 * load here, not with this entry, so that a host can listen before paying for them. */
export async function createCore(options: CoreOptions): Promise<Core> {
  return (await import('./core')).createCore(options);
}
export { type Audience, EventBus } from './events';
export { Notices } from './notices';
export { TerminalOutput } from './terminals/terminal-output';
export { resolveInside } from './resolve-inside';
export { MemorySecretStore, type SecretStore } from './secrets/secret-store';
export { JsonFileStore } from './storage/json-file-store';
export { courseArgument, locateCourse, type CourseDirs } from './lessons/course-dir';
