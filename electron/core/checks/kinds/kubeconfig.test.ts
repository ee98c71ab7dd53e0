// The kubeconfig kind on YAML laid out like `kubectl config view --raw`, embedding the
// certificates made with openssl in the lab VM.
import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../../common/course';
import { runLessonChecks } from '../engine';
import { certFile, fakeAccess, serveReadFiles } from '../test-support';

const C = '/root/certificates';
const b64 = (f: string) => certFile(f).toString('base64');

function kubeconfig(o: { ca?: string; cert?: string; key?: string; server?: string; current?: string | null } = {}): Buffer {
  const lines = [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${b64(o.ca ?? 'ca.crt')}`,
    `    server: ${o.server ?? 'https://127.0.0.1:6443'}`,
    '  name: kubernetes-the-hard-way',
    'contexts:',
    '- context:',
    '    cluster: kubernetes-the-hard-way',
    '    user: admin',
    '  name: default',
    `current-context: "${o.current === null ? '' : (o.current ?? 'default')}"`,
    'kind: Config',
    'preferences: {}',
    'users:',
    '- name: admin',
    '  user:',
    `    client-certificate-data: ${b64(o.cert ?? 'admin.crt')}`,
    `    client-key-data: ${b64(o.key ?? 'admin.key')}`,
  ];
  return Buffer.from(`${lines.join('\n')}\n`);
}

const fs = new Map<string, Buffer>([
  [`${C}/ca.crt`, certFile('ca.crt')],
  [`${C}/admin.kubeconfig`, kubeconfig()],
  [`${C}/stale-ca.kubeconfig`, kubeconfig({ ca: 'other-ca.crt' })],
  [`${C}/wrong-user.kubeconfig`, kubeconfig({ cert: 'etcd.crt', key: 'etcd.key' })],
  [`${C}/wrong-key.kubeconfig`, kubeconfig({ key: 'stray.key' })],
  [`${C}/worker-url.kubeconfig`, kubeconfig({ server: 'https://10.77.0.10:6443' })],
  [`${C}/no-context.kubeconfig`, kubeconfig({ current: null })],
  [`${C}/broken.kubeconfig`, Buffer.from('apiVersion: v1\nclusters: [\n')],
]);
const access = fakeAccess((cmd) => serveReadFiles(cmd, fs) ?? { code: 1, stdout: '', stderr: '' });

async function check(file: string) {
  const spec = { id: 'k', kind: 'kubeconfig', host: 'master', path: `${C}/${file}`, server: 'https://127.0.0.1:6443', ca: `${C}/ca.crt`, user: { CN: 'admin', O: 'system:masters' } } as CheckSpec;
  const [r] = await runLessonChecks([spec], access);
  return r!;
}

describe('kubeconfig kind', () => {
  it('the admin kubeconfig passes', async () => {
    const r = await check('admin.kubeconfig');
    expect(r.outcome).toBe('pass');
    expect(r.message).toBe(`admin.kubeconfig: context 'default', server https://127.0.0.1:6443, user 'admin'`);
  });

  it('a stale CA is named', async () => {
    expect((await check('stale-ca.kubeconfig')).message).toMatch(/^the embedded CA is not your ca.crt: it embeds CN=OTHER-CA \(serial [0-9A-F]+\), yours is CN=KUBERNETES-CA/);
  });

  it('the wrong client certificate: CN and O', async () => {
    const r = await check('wrong-user.kubeconfig');
    expect(r.message).toBe(`client certificate CN is 'etcd', expected 'admin'; client certificate has no O, expected 'system:masters' (subject: CN=etcd)`);
  });

  it('a key of another certificate', async () => {
    expect((await check('wrong-key.kubeconfig')).message).toBe('client-key-data does not match client-certificate-data (the key belongs to another certificate)');
  });

  it('the server URL', async () => {
    expect((await check('worker-url.kubeconfig')).message).toBe('server is https://10.77.0.10:6443, expected https://127.0.0.1:6443');
  });

  it('no current-context; broken YAML; missing file', async () => {
    expect((await check('no-context.kubeconfig')).message).toBe(`no-context.kubeconfig has no current-context: run kubectl config use-context default --kubeconfig=${C}/no-context.kubeconfig`);
    expect((await check('broken.kubeconfig')).message).toMatch(/is not valid YAML/);
    expect((await check('missing.kubeconfig')).message).toBe(`${C}/missing.kubeconfig does not exist`);
  });
});
