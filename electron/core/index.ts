// Core's public entry: what the hosts (Electron main, the browser server) may use. Lint
// keeps them from reaching past it into core's folders.
export { type Core, type CoreOptions, createCore } from './core';
export { type Audience, EventBus } from './events';
export { Notices } from './notices';
export { TerminalOutput } from './terminals/terminal-output';
export { resolveInside } from './resolve-inside';
export { MemorySecretStore, type SecretStore } from './secrets/secret-store';
export { JsonFileStore } from './storage/json-file-store';
export { courseArgument, locateCourse, type CourseDirs } from './lessons/course-dir';
