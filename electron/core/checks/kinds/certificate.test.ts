// The certificate kind on certificates made with openssl 3.0 in the lab VM (fixtures/recorded/certs).
import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../../common/course';
import { loadCertificate } from '../cert-info';
import { runLessonChecks } from '../engine';
import { certFile, fakeAccess, serveReadFiles } from '../test-support';
import type { SpecOf } from '../types';

const C = '/root/certificates';
const fs = new Map<string, Buffer>();
for (const f of ['ca.crt', 'ca.key', 'other-ca.crt', 'etcd.crt', 'etcd.key', 'admin.crt', 'admin.key', 'ec.crt', 'ec.key', 'ca-v3.crt', 'stray.key']) fs.set(`${C}/${f}`, certFile(f));
fs.set(`${C}/etcd.csr`, Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n'));
const etcd = loadCertificate(certFile('etcd.crt'), 'etcd.crt');
if (!etcd.ok) throw new Error(etcd.message);
const inside = new Date(etcd.value.notBefore.getTime() + 86_400_000);

const access = fakeAccess((cmd) => serveReadFiles(cmd, fs) ?? { code: 1, stdout: '', stderr: 'unexpected' });

async function check(fields: Partial<SpecOf<'certificate'>>, now = inside) {
  const spec = { id: 'cert', kind: 'certificate', host: 'master', path: `${C}/etcd.crt`, ...fields } as CheckSpec;
  const [r] = await runLessonChecks([spec], access, { now: () => now });
  return r!;
}

const good = { key: `${C}/etcd.key`, signedBy: `${C}/ca.crt`, subject: { CN: 'etcd' }, sans: ['IP:10.77.0.10', 'IP:127.0.0.1'] };

describe('certificate kind', () => {
  it('a good certificate passes, read in one exec', async () => {
    const before = access.commands.length;
    const r = await check(good);
    expect(r.outcome).toBe('pass');
    expect(r.message).toMatch(/^etcd.crt: CN=etcd; SANs IP:10.77.0.10, IP:127.0.0.1; valid until /);
    expect(access.commands.length - before).toBe(1);
  });

  it('a missing SAN is named, with the ones found', async () => {
    const r = await check({ ...good, sans: ['IP:10.77.0.99', 'IP Address:127.0.0.1'], hint: 'Regenerate etcd.crt.' });
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('SAN IP:10.77.0.99 missing; found IP:10.77.0.10, IP:127.0.0.1');
    expect(r.hint).toBe('Regenerate etcd.crt.');
  });

  it('a certificate without SANs says so', async () => {
    const r = await check({ path: `${C}/admin.crt`, sans: ['DNS:admin'] });
    expect(r.message).toMatch(/^SAN DNS:admin missing; found none \(the certificate has no subjectAltName extension/);
  });

  it('a wrong CN is quoted against the expected one', async () => {
    expect((await check({ subject: { CN: 'etc' } })).message).toBe(`subject CN is 'etcd', expected 'etc'`);
    expect((await check({ path: `${C}/admin.crt`, subject: { CN: 'admin', O: 'system:masters' } })).outcome).toBe('pass');
    expect((await check({ path: `${C}/admin.crt`, subject: { O: 'system:nodes' } })).message).toBe(`subject O is 'system:masters', expected 'system:nodes'`);
  });

  it('signed by another CA', async () => {
    const r = await check({ signedBy: `${C}/other-ca.crt` });
    expect(r.message).toBe('etcd.crt is not signed by other-ca.crt: its issuer is CN=KUBERNETES-CA, your CA is CN=OTHER-CA');
  });

  it('key mismatch', async () => {
    const r = await check({ key: `${C}/stray.key` });
    expect(r.message).toBe('stray.key does not match etcd.crt: the certificate carries a different public key (was the key made again after signing?)');
  });

  it('validity: not yet valid, expired, expiring soon', async () => {
    expect((await check({}, new Date(etcd.value.notBefore.getTime() - 3_600_000))).message).toMatch(/^not valid yet: valid from /);
    expect((await check({}, new Date(etcd.value.notAfter.getTime() + 1000))).message).toMatch(/^expired on /);
    expect((await check({ notExpiredFor: '30d' }, new Date(etcd.value.notAfter.getTime() - 86_400_000))).message).toMatch(/^expires on .*, within 30d$/);
    expect((await check({ notExpiredFor: '30d' })).outcome).toBe('pass');
  });

  it("the tutorial's v1 CA (no basicConstraints) passes isCA with a warning; a v3 CA passes clean", async () => {
    const v1 = await check({ path: `${C}/ca.crt`, key: `${C}/ca.key`, isCA: true });
    expect(v1.outcome).toBe('pass');
    expect(v1.warning).toBe(`ca.crt is a version 1 certificate without basicConstraints (the tutorial's command). Kubernetes accepts it, but strict tools reject it; the course's CA lesson makes a v3 CA.`);
    const v3 = await check({ path: `${C}/ca-v3.crt`, key: `${C}/ca.key`, isCA: true, signedBy: `${C}/ca.crt` });
    expect(v3.outcome).toBe('pass');
    expect(v3.warning).toBeUndefined();
  });

  it('isCA: false wants a leaf that says so: CA:FALSE passes, no basicConstraints (a v1 certificate) fails', async () => {
    expect((await check({ isCA: false })).outcome).toBe('pass');
    const v1 = await check({ path: `${C}/ca.crt`, key: `${C}/ca.key`, isCA: false, subject: undefined, sans: undefined, signedBy: undefined });
    expect(v1.outcome).toBe('fail');
    expect(v1.message).toBe("ca.crt has no basicConstraints extension (signed without -extfile, so nothing in it says CA:FALSE): sign it again with the lesson's extensions");
  });

  it('a leaf with CA:FALSE fails isCA', async () => {
    expect((await check({ isCA: true })).message).toBe('etcd.crt has basicConstraints CA:FALSE: it cannot sign other certificates');
  });

  it('an EC certificate (forge cannot load it) is checked through node:crypto', async () => {
    const r = await check({ path: `${C}/ec.crt`, key: `${C}/ec.key`, signedBy: `${C}/ca.crt`, subject: { CN: 'etcd' }, sans: ['IP:127.0.0.1'], isCA: false });
    expect(r.outcome).toBe('pass');
    const parsed = loadCertificate(certFile('ec.crt'), 'ec.crt');
    expect(parsed.ok && parsed.value.parsedBy).toBe('node:crypto');
    expect((await check({ path: `${C}/ec.crt`, key: `${C}/etcd.key` })).outcome).toBe('fail');
  });

  it('missing files and a CSR in place of a certificate', async () => {
    expect((await check({ path: `${C}/nope.crt` })).message).toBe(`${C}/nope.crt does not exist`);
    expect((await check({ path: `${C}/etcd.csr` })).message).toMatch(/is a certificate signing request \(CSR\), not a certificate/);
    expect((await check({ signedBy: `${C}/nope-ca.crt` })).message).toBe(`the CA file: ${C}/nope-ca.crt does not exist`);
  });

  it('several problems are all reported', async () => {
    const r = await check({ ...good, subject: { CN: 'kube-apiserver' }, signedBy: `${C}/other-ca.crt`, key: `${C}/stray.key` });
    expect(r.message.split('; ').length).toBeGreaterThanOrEqual(3);
  });
});
