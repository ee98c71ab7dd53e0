// kubeconfig: the current context's cluster server URL, the embedded CA (equal to the
// learner's CA file, compared as DER), and the embedded client certificate's CN/O and key.
import { parse as parseYaml } from 'yaml';
import { describeName, keyMatches, loadCertificate, loadPrivateKey } from '../cert-info';
import { basename, readFiles, type ReadFile } from '../read-files';
import { fail, pass, type CheckKindRunner, type KindVerdict, type SpecOf } from '../types';

interface Named<T> { name?: unknown; cluster?: T; user?: T; context?: T }
type Dict = Record<string, unknown>;

function find(list: unknown, name: string, field: 'cluster' | 'user' | 'context'): Dict | undefined {
  if (!Array.isArray(list)) return undefined;
  const entry = (list as Array<Named<Dict>>).find((e) => e && e.name === name);
  const v = entry?.[field];
  return v && typeof v === 'object' ? v : undefined;
}

function b64(value: unknown): Buffer | undefined {
  return typeof value === 'string' && value.trim() ? Buffer.from(value.trim(), 'base64') : undefined;
}

function sameServer(a: string, b: string): boolean {
  return a.trim().replace(/\/+$/, '').toLowerCase() === b.trim().replace(/\/+$/, '').toLowerCase();
}

export function judgeKubeconfig(spec: SpecOf<'kubeconfig'>, file: ReadFile, caFile: ReadFile | undefined): KindVerdict {
  const name = basename(spec.path);
  if (!file.ok) return fail(file.message);
  let doc: unknown;
  try {
    doc = parseYaml(file.data.toString('utf8'));
  } catch (err) {
    return fail(`${spec.path} is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!doc || typeof doc !== 'object') return fail(`${spec.path} is empty or not a kubeconfig`);
  const cfg = doc as Dict;
  const current = cfg['current-context'];
  if (typeof current !== 'string' || current === '') {
    return fail(`${name} has no current-context: run kubectl config use-context default --kubeconfig=${spec.path}`);
  }
  const context = find(cfg.contexts, current, 'context');
  if (!context) return fail(`${name}: current-context '${current}' is not among its contexts`);
  const clusterName = String(context.cluster ?? '');
  const userName = String(context.user ?? '');
  const cluster = find(cfg.clusters, clusterName, 'cluster');
  if (!cluster) return fail(`${name}: context '${current}' names cluster '${clusterName}', which is not in the file`);
  const problems: string[] = [];
  const server = typeof cluster.server === 'string' ? cluster.server : '';
  if (spec.server !== undefined && !sameServer(server, spec.server)) {
    problems.push(server ? `server is ${server}, expected ${spec.server}` : `cluster '${clusterName}' has no server, expected ${spec.server}`);
  }
  if (spec.ca !== undefined && caFile) {
    const embedded = b64(cluster['certificate-authority-data']);
    if (!embedded) {
      const ref = cluster['certificate-authority'];
      problems.push(typeof ref === 'string'
        ? `the CA is not embedded: the file points to ${ref}; make it again with --embed-certs=true`
        : `cluster '${clusterName}' has no certificate-authority-data`);
    } else if (!caFile.ok) problems.push(`the CA file: ${caFile.message}`);
    else {
      const mine = loadCertificate(caFile.data, spec.ca);
      const theirs = loadCertificate(embedded, 'certificate-authority-data');
      if (!mine.ok) problems.push(`the CA file: ${mine.message}`);
      else if (!theirs.ok) problems.push(`the embedded CA: ${theirs.message}`);
      else if (!mine.value.der.equals(theirs.value.der)) {
        problems.push(`the embedded CA is not your ${basename(spec.ca)}: it embeds ${describeName(theirs.value.subject)} (serial ${theirs.value.x509.serialNumber}), yours is ${describeName(mine.value.subject)} (serial ${mine.value.x509.serialNumber}); make the kubeconfig again with the current CA`);
      }
    }
  }
  const user = find(cfg.users, userName, 'user');
  if (spec.user) {
    if (!user) problems.push(`context '${current}' names user '${userName}', which is not in the file`);
    else {
      const certData = b64(user['client-certificate-data']);
      if (!certData) {
        const ref = user['client-certificate'];
        problems.push(typeof ref === 'string' ? `the client certificate is not embedded: the file points to ${ref}; use --embed-certs=true` : `user '${userName}' has no client-certificate-data`);
      } else {
        const cert = loadCertificate(certData, 'client-certificate-data');
        if (!cert.ok) problems.push(`the client certificate: ${cert.message}`);
        else {
          for (const field of ['CN', 'O'] as const) {
            const want = spec.user[field];
            if (want === undefined) continue;
            const got = cert.value.subject.filter((f) => f.name === field).map((f) => f.value);
            if (!got.includes(want)) {
              problems.push(got.length ? `client certificate ${field} is ${got.map((g) => `'${g}'`).join(', ')}, expected '${want}'` : `client certificate has no ${field}, expected '${want}' (subject: ${describeName(cert.value.subject)})`);
            }
          }
          const keyData = b64(user['client-key-data']);
          if (!keyData) problems.push(`user '${userName}' has no client-key-data`);
          else {
            const key = loadPrivateKey(keyData, 'client-key-data');
            if (!key.ok) problems.push(key.message);
            else if (!keyMatches(cert.value, key.value)) problems.push('client-key-data does not match client-certificate-data (the key belongs to another certificate)');
          }
        }
      }
    }
  }
  if (problems.length) return fail(problems.join('; '));
  return pass(`${name}: context '${current}', server ${server || '(none)'}, user '${userName}'`);
}

export const runKubeconfigCheck: CheckKindRunner<'kubeconfig'> = async (spec, ctx) => {
  const paths = [spec.path, ...(spec.ca ? [spec.ca] : [])];
  const files = await readFiles(ctx, paths);
  return judgeKubeconfig(spec, files[0] as ReadFile, spec.ca ? files[1] : undefined);
};
