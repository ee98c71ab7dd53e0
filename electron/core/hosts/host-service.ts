// Host profiles, host keys and SSH connections for the course's roles.
// (Filled in by the hosts-and-terminals milestone.)
import type { Api } from '../../../common/api';
import type { Course } from '../../../common/course';
import { notImplemented } from '../../../common/errors';
import type { EventBus } from '../events';
import type { SecretStore } from '../secrets/secret-store';
import type { ShellOpener } from '../terminals/backend';

export type HostOps = Pick<Api, 'listHosts' | 'saveHost' | 'deleteHost' | 'importSshConfig' | 'testHost' | 'acceptHostKey' | 'rejectHostKey' | 'forgetHostKey'>;

export interface HostServiceDeps {
  dataDir: string;
  homeDir: string;
  secrets: SecretStore;
  events: EventBus;
  course: Course;
}

export interface HostService extends HostOps, ShellOpener {
  dispose(): Promise<void>;
}

export function createHostService(_deps: HostServiceDeps): HostService {
  return {
    listHosts: async () => notImplemented('listHosts'),
    saveHost: async () => notImplemented('saveHost'),
    deleteHost: async () => notImplemented('deleteHost'),
    importSshConfig: async () => notImplemented('importSshConfig'),
    testHost: async () => notImplemented('testHost'),
    acceptHostKey: async () => notImplemented('acceptHostKey'),
    rejectHostKey: async () => notImplemented('rejectHostKey'),
    forgetHostKey: async () => notImplemented('forgetHostKey'),
    openShell: async () => notImplemented('openShell'),
    dispose: async () => {},
  };
}
