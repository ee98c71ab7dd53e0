// Terminal sessions (SSH shells and a local shell) with flow control and batching.
// (Filled in by the hosts-and-terminals milestone.)
import type { Api } from '../../../common/api';
import { notImplemented } from '../../../common/errors';
import type { EventBus } from '../events';
import type { ShellOpener } from './backend';

export type TerminalOps = Pick<Api, 'openTerminal' | 'writeTerminal' | 'resizeTerminal' | 'ackTerminal' | 'closeTerminal' | 'reconnectTerminal' | 'listTerminals' | 'terminalStats'>;

export interface TerminalServiceDeps {
  events: EventBus;
  shells: ShellOpener;
}

export interface TerminalService extends TerminalOps {
  dispose(): Promise<void>;
}

export function createTerminalService(_deps: TerminalServiceDeps): TerminalService {
  return {
    openTerminal: async () => notImplemented('openTerminal'),
    writeTerminal: async () => notImplemented('writeTerminal'),
    resizeTerminal: async () => notImplemented('resizeTerminal'),
    ackTerminal: async () => notImplemented('ackTerminal'),
    closeTerminal: async () => notImplemented('closeTerminal'),
    reconnectTerminal: async () => notImplemented('reconnectTerminal'),
    listTerminals: async () => notImplemented('listTerminals'),
    terminalStats: async () => notImplemented('terminalStats'),
    dispose: async () => {},
  };
}
