// certificate: reads the certificate, its key and the signing CA in ONE exec, then checks
// in the app: signature by the CA, subject fields, SANs (every expected one present),
// key pair, validity window, CA flag. Every problem found is reported, not just the first.
import { basename, readFiles, type ReadFile } from '../read-files';
import { describeName, keyMatches, loadCertificate, loadPrivateKey, normalizeSan, signedBy, type CertInfo } from '../cert-info';
import { fail, pass, type CheckKindRunner, type KindVerdict, type SpecOf } from '../types';

export function parseDuration(text: string): number {
  const m = /^(\d+)([dh])$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * (m[2] === 'd' ? 86_400_000 : 3_600_000);
}

function day(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function subjectProblems(cert: CertInfo, expected: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [field, want] of Object.entries(expected)) {
    const got = cert.subject.filter((f) => f.name.toLowerCase() === field.toLowerCase()).map((f) => f.value);
    if (got.includes(want)) continue;
    if (got.length === 0) problems.push(`subject has no ${field}, expected '${want}' (subject: ${describeName(cert.subject)})`);
    else problems.push(`subject ${field} is ${got.map((g) => `'${g}'`).join(', ')}, expected '${want}'`);
  }
  return problems;
}

export function sanProblems(cert: CertInfo, expected: string[]): string[] {
  const have = new Set(cert.sans.map(normalizeSan));
  const missing = expected.map(normalizeSan).filter((s) => !have.has(s));
  if (missing.length === 0) return [];
  const found = cert.sans.length ? cert.sans.join(', ') : 'none (the certificate has no subjectAltName extension: sign it with -extfile and a subjectAltName line)';
  return [`${missing.length === 1 ? 'SAN' : 'SANs'} ${missing.join(', ')} missing; found ${found}`];
}

export function validityProblems(cert: CertInfo, now: Date, notExpiredFor?: string): string[] {
  if (now < cert.notBefore) return [`not valid yet: valid from ${day(cert.notBefore)} (now ${day(now)}); check the clocks of the VM and of this computer`];
  if (now > cert.notAfter) return [`expired on ${day(cert.notAfter)}`];
  if (notExpiredFor) {
    const ms = parseDuration(notExpiredFor);
    if (cert.notAfter.getTime() - now.getTime() < ms) return [`expires on ${day(cert.notAfter)}, within ${notExpiredFor}`];
  }
  return [];
}

export function v1CaWarning(file: string): string {
  return `${file} is a version 1 certificate without basicConstraints (the tutorial's command). Kubernetes accepts it, but strict tools reject it; the course's CA lesson makes a v3 CA.`;
}

/** The CA-flag check: a pass, a pass with a warning (v1 CA), or a problem. */
export function caFlag(cert: CertInfo, file: string, wantCA: boolean): { problem?: string; warning?: string } {
  const bc = cert.basicConstraints;
  if (wantCA) {
    if (bc?.ca) return {};
    if (!bc) {
      if (cert.subject.length && describeName(cert.subject) === describeName(cert.issuer)) return { warning: v1CaWarning(file) };
      return { problem: `${file} has no basicConstraints extension and is not self-signed (issuer ${describeName(cert.issuer)}): it is not a CA certificate` };
    }
    return { problem: `${file} has basicConstraints CA:FALSE: it cannot sign other certificates` };
  }
  if (bc?.ca) return { problem: `${file} is a CA certificate (basicConstraints CA:TRUE), expected an ordinary (leaf) certificate` };
  // A leaf says so itself: without basicConstraints (a version 1 certificate, signed without
  // -extfile) nothing in it says it cannot sign others, the CA lesson's own argument.
  if (!bc) return { problem: `${file} has no basicConstraints extension (signed without -extfile, so nothing in it says CA:FALSE): sign it again with the lesson's extensions` };
  return {};
}

export interface CertificateInputs {
  cert: ReadFile;
  key?: ReadFile;
  ca?: ReadFile;
}

/** The judgement, without I/O (unit tests call it with fixture files). */
export function judgeCertificate(spec: SpecOf<'certificate'>, files: CertificateInputs, now: Date): KindVerdict {
  const name = basename(spec.path);
  if (!files.cert.ok) return fail(files.cert.message);
  const loaded = loadCertificate(files.cert.data, spec.path);
  if (!loaded.ok) return fail(loaded.message);
  const cert = loaded.value;
  const problems: string[] = [];
  let warning: string | undefined;

  if (spec.signedBy && files.ca) {
    if (!files.ca.ok) problems.push(`the CA file: ${files.ca.message}`);
    else {
      const ca = loadCertificate(files.ca.data, spec.signedBy);
      if (!ca.ok) problems.push(`the CA file: ${ca.message}`);
      else {
        const s = signedBy(cert, ca.value);
        if (!s.ok && s.reason === 'issuer') {
          problems.push(`${name} is not signed by ${basename(spec.signedBy)}: its issuer is ${describeName(cert.issuer)}, your CA is ${describeName(ca.value.subject)}`);
        } else if (!s.ok) {
          problems.push(`${name} names ${describeName(cert.issuer)} as its issuer but its signature does not verify with ${basename(spec.signedBy)}'s key: the CA was made again after ${name} was signed; sign it again with the current CA`);
        }
      }
    }
  }
  if (spec.subject) problems.push(...subjectProblems(cert, spec.subject));
  if (spec.sans) problems.push(...sanProblems(cert, spec.sans));
  if (spec.key && files.key) {
    if (!files.key.ok) problems.push(`the key: ${files.key.message}`);
    else {
      const key = loadPrivateKey(files.key.data, spec.key);
      if (!key.ok) problems.push(key.message);
      else if (!keyMatches(cert, key.value)) {
        problems.push(`${basename(spec.key)} does not match ${name}: the certificate carries a different public key (was the key made again after signing?)`);
      }
    }
  }
  problems.push(...validityProblems(cert, now, spec.notExpiredFor));
  if (spec.isCA !== undefined) {
    const flag = caFlag(cert, name, spec.isCA);
    if (flag.problem) problems.push(flag.problem);
    warning = flag.warning;
  }
  if (problems.length) return fail(problems.join('; '), warning ? { warning } : {});
  const facts = [describeName(cert.subject)];
  if (cert.sans.length) facts.push(`SANs ${cert.sans.join(', ')}`);
  facts.push(`valid until ${day(cert.notAfter)}`);
  return pass(`${name}: ${facts.join('; ')}${warning ? ' (with a warning)' : ''}`, warning ? { warning } : {});
}

export const runCertificateCheck: CheckKindRunner<'certificate'> = async (spec, ctx) => {
  const paths = [spec.path, ...(spec.key ? [spec.key] : []), ...(spec.signedBy ? [spec.signedBy] : [])];
  const files = await readFiles(ctx, paths);
  const byPath = (p: string | undefined) => (p === undefined ? undefined : files[paths.indexOf(p)]);
  const key = byPath(spec.key);
  const ca = byPath(spec.signedBy);
  return judgeCertificate(spec, { cert: files[0] as ReadFile, ...(key ? { key } : {}), ...(ca ? { ca } : {}) }, ctx.now());
};
