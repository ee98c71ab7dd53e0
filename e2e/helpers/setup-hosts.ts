// Configures the lab's two VMs in a running app through the contract (the hosts spec
// covers doing it through the UI): saves both profiles and trusts their host keys.
import type { ApiClient } from '../../common/api';
import { labHosts } from './lab';

/** `user`: log in as this lab user (e.g. the passwordless-sudo one) instead of root. */
export async function configureLabHosts(api: ApiClient, auth: 'password' | 'key' = 'password', user?: string): Promise<void> {
  const off = api.on('hostkey:prompt', (p) => {
    if (p.status === 'unknown') void api.acceptHostKey(p.role, p.fingerprint);
  });
  try {
    for (const h of labHosts()) {
      await api.saveHost({
        role: h.role, address: h.address, port: h.port, user: user ?? h.user,
        auth: auth === 'key' ? { method: 'key', privateKeyPath: h.privateKeyPath } : { method: 'password', password: h.password },
      });
      const report = await api.testHost(h.role);
      if (!report.steps.find((s) => s.id === 'auth' && s.status === 'pass')) throw new Error(`cannot log in to ${h.role}: ${JSON.stringify(report.steps)}`);
      if (!report.steps.find((s) => s.id === 'root' && s.status === 'pass')) throw new Error(`cannot act as root on ${h.role}: ${JSON.stringify(report.steps)}`);
    }
  } finally {
    off();
  }
}
