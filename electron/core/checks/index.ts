// The check engine: see engine.ts (runLessonChecks) and host-access.ts (HostAccess).
export { runLessonChecks, DEFAULT_CHECK_TIMEOUT_MS, type CheckRunResult, type RunChecksOptions } from './engine';
export { createHostAccess, classifyAccessError, HostAccessError, type HostAccess, type ConnectionLike, type ExecResult, type ExecOptions } from './host-access';
