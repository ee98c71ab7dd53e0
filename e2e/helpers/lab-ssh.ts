// A password login to a lab VM over the app's own SSH layer, for lab tests of core parts
// (checks, artifacts) that need a connection but not the host service. The host key is
// not checked here: the host-key tests cover that path.
import { openConnection, type SshConnection } from '../../electron/core/ssh/connection';
import type { LabHost } from './lab';

export function openLabConnection(host: LabHost): Promise<SshConnection> {
  return openConnection({
    target: { address: host.address, port: host.port, user: host.user },
    name: host.hostname,
    methods: (user) => [{ type: 'password', username: user, password: host.password }],
    authWhat: 'the password',
    verifyHostKey: async () => {},
  });
}
