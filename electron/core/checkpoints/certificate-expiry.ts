// Every certificate in the course's certificate folder on each VM, with its expiry, read by
// the app's own parser (cert-info.ts) over the checks' connections: the table the
// "Certificates expire" lesson points at. One exec lists the files, one reads them all.
import { randomBytes } from 'node:crypto';
import type { CertificateExpiry } from '../../../common/api';
import { messageOf } from '../../../common/errors';
import { describeName, loadCertificate } from '../checks/cert-info';
import type { HostAccess } from '../checks/host-access';
import { parseReadFiles, readFilesCommand } from '../checks/read-files';
import { shq } from '../terminals/shell-quote';

const DAY_MS = 86_400_000;

export interface CertificateExpiryDeps {
  access: Pick<HostAccess, 'exec'>;
  /** The VMs to ask (those whose host key is trusted: never a question from here). */
  roles: string[];
  hostname(role: string): string;
  /** The folder the lessons keep certificates in ({{certDir}}, resolved). */
  certDir: string;
  now?: () => Date;
}

export async function listCertificates(deps: CertificateExpiryDeps): Promise<CertificateExpiry[]> {
  const now = (deps.now ?? (() => new Date()))();
  const perHost = await Promise.all(deps.roles.map(async (role): Promise<CertificateExpiry[]> => {
    const hostname = deps.hostname(role);
    try {
      const listed = await deps.access.exec(role, `for f in ${shq(deps.certDir)}/*.crt; do [ -f "$f" ] && printf '%s\\n' "$f"; done; true`, { timeoutMs: 15_000 });
      const paths = listed.stdout.split('\n').filter((p) => p.startsWith('/'));
      if (paths.length === 0) return [];
      const nonce = randomBytes(6).toString('hex');
      const read = await deps.access.exec(role, readFilesCommand(paths, nonce), { timeoutMs: 30_000, maxOutputBytes: 4 * 1024 * 1024 });
      return parseReadFiles(paths, nonce, read.stdout).map((file): CertificateExpiry => {
        if (!file.ok) return { role, hostname, path: file.path, problem: file.message };
        const cert = loadCertificate(file.data, file.path);
        if (!cert.ok) return { role, hostname, path: file.path, problem: cert.message };
        const { notAfter, subject } = cert.value;
        return { role, hostname, path: file.path, subject: describeName(subject), notAfter: notAfter.toISOString(), daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS) };
      });
    } catch (err) {
      return [{ role, hostname, problem: messageOf(err) }];
    }
  }));
  // Soonest expiry first; rows without a date (problems) after them.
  return perHost.flat().sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || (a.path ?? '').localeCompare(b.path ?? ''));
}
