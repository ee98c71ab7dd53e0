// X.509 facts from a file's bytes. node-forge parses RSA certificates (subject fields,
// version, extensions); for EC/Ed25519 keys, which forge's pki cannot load, the facts come
// from node:crypto's X509Certificate plus forge's plain ASN.1 reader (version, the
// basicConstraints extension). Signatures and key pairs are always checked with
// node:crypto, which handles every key type.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface NameField {
  /** CN, O, OU, C, ST, L, emailAddress … */
  name: string;
  value: string;
}

export interface CertInfo {
  x509: X509Certificate;
  der: Buffer;
  /** 1 or 3. */
  version: number;
  subject: NameField[];
  issuer: NameField[];
  /** Normalized: DNS:name, IP:addr, email:x, URI:x. */
  sans: string[];
  hasSanExtension: boolean;
  /** undefined: the certificate has no basicConstraints extension. */
  basicConstraints?: { ca: boolean };
  notBefore: Date;
  notAfter: Date;
  parsedBy: 'node-forge' | 'node:crypto';
  /** All certificates in the file (a chain); this is the first. */
  count: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const SHORT: Record<string, string> = { commonName: 'CN', organizationName: 'O', organizationalUnitName: 'OU', countryName: 'C', stateOrProvinceName: 'ST', localityName: 'L' };

export function describeName(fields: NameField[]): string {
  return fields.length ? fields.map((f) => `${f.name}=${f.value}`).join(', ') : '(empty)';
}

/** The certificates in a file: PEM blocks, or one DER certificate. */
export function certificatesIn(data: Buffer, file: string): Parsed<Buffer[]> {
  const text = data.toString('latin1');
  const blocks = text.match(PEM_CERT);
  if (blocks) {
    return { ok: true, value: blocks.map((b) => Buffer.from(b.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64')) };
  }
  if (/-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(text)) {
    return { ok: false, message: `${file} is a certificate signing request (CSR), not a certificate: sign it with openssl x509 -req … -out ${file}` };
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return { ok: false, message: `${file} is a private key, not a certificate` };
  if (data.length === 0) return { ok: false, message: `${file} is empty` };
  if (data[0] === 0x30) return { ok: true, value: [data] };
  return { ok: false, message: `${file} is not a certificate (no -----BEGIN CERTIFICATE----- block)` };
}

function sanFromForge(alt: { type: number; value?: string; ip?: string }): string {
  switch (alt.type) {
    case 2: return `DNS:${alt.value ?? ''}`;
    case 7: return `IP:${alt.ip ?? ''}`;
    case 1: return `email:${alt.value ?? ''}`;
    case 6: return `URI:${alt.value ?? ''}`;
    default: return `other:${alt.value ?? ''}`;
  }
}

/** Node's "DNS:a, IP Address:1.2.3.4" → ["DNS:a", "IP:1.2.3.4"]. */
export function parseNodeSans(text: string | undefined): string[] {
  if (!text) return [];
  return text.split(/, (?=[A-Za-z ]+:)/).map((s) => s.trim()).filter(Boolean).map((s) => {
    const unq = s.replace(/^([A-Za-z ]+):"(.*)"$/, '$1:$2');
    return unq.replace(/^IP Address:/, 'IP:');
  });
}

function nodeName(text: string): NameField[] {
  return text.split('\n').filter(Boolean).map((line) => {
    const eq = line.indexOf('=');
    return { name: line.slice(0, eq), value: line.slice(eq + 1) };
  });
}

/** Version and basicConstraints from the raw ASN.1 (works for any key type). */
function rawFacts(der: Buffer): { version: number; basicConstraints?: { ca: boolean } } {
  const cert = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const tbs = (cert.value as forge.asn1.Asn1[])[0] as forge.asn1.Asn1;
  const parts = tbs.value as forge.asn1.Asn1[];
  let version = 1;
  const first = parts[0];
  if (first && first.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && first.type === 0) {
    const int = (first.value as forge.asn1.Asn1[])[0];
    version = (int ? (int.value as string).charCodeAt(0) : 0) + 1;
  }
  const extWrap = parts.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 3);
  const exts = extWrap ? ((extWrap.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[] | undefined) ?? [] : [];
  for (const ext of exts) {
    const fields = ext.value as forge.asn1.Asn1[];
    const oid = forge.asn1.derToOid(forge.util.createBuffer(fields[0]?.value as string));
    if (oid !== '2.5.29.19') continue;
    const octets = fields[fields.length - 1]?.value as string;
    const seq = forge.asn1.fromDer(forge.util.createBuffer(octets));
    const flag = (seq.value as forge.asn1.Asn1[])[0];
    const ca = !!flag && flag.type === forge.asn1.Type.BOOLEAN && (flag.value as string) !== '\x00';
    return { version, basicConstraints: { ca } };
  }
  return { version };
}

export function parseCertificate(der: Buffer, count = 1): CertInfo {
  const x509 = new X509Certificate(der);
  const common = { x509, der, count, notBefore: new Date(x509.validFrom), notAfter: new Date(x509.validTo) };
  let fc: forge.pki.Certificate | undefined;
  try {
    fc = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))));
  } catch {
    fc = undefined; // not an RSA key: forge's pki cannot load it
  }
  if (fc) {
    const names = (attrs: forge.pki.CertificateField[]): NameField[] => attrs.map((a) => ({ name: a.shortName ?? SHORT[a.name ?? ''] ?? a.name ?? a.type ?? '?', value: String(a.value ?? '') }));
    const san = fc.getExtension('subjectAltName') as { altNames?: Array<{ type: number; value?: string; ip?: string }> } | undefined;
    const bc = fc.getExtension('basicConstraints') as { cA?: boolean } | undefined;
    return {
      ...common,
      notBefore: fc.validity.notBefore,
      notAfter: fc.validity.notAfter,
      version: fc.version + 1,
      subject: names(fc.subject.attributes),
      issuer: names(fc.issuer.attributes),
      sans: (san?.altNames ?? []).map(sanFromForge),
      hasSanExtension: san !== undefined,
      ...(bc ? { basicConstraints: { ca: bc.cA === true } } : {}),
      parsedBy: 'node-forge',
    };
  }
  const raw = rawFacts(der);
  return {
    ...common,
    version: raw.version,
    subject: nodeName(x509.subject),
    issuer: nodeName(x509.issuer),
    sans: parseNodeSans(x509.subjectAltName),
    hasSanExtension: x509.subjectAltName !== undefined,
    ...(raw.basicConstraints ? { basicConstraints: raw.basicConstraints } : {}),
    parsedBy: 'node:crypto',
  };
}

/** The first certificate of a file, parsed; or what is wrong with the file. */
export function loadCertificate(data: Buffer, file: string): Parsed<CertInfo> {
  const certs = certificatesIn(data, file);
  if (!certs.ok) return certs;
  try {
    return { ok: true, value: parseCertificate(certs.value[0] as Buffer, certs.value.length) };
  } catch (err) {
    return { ok: false, message: `${file} is not a valid certificate (${(err as Error).message})` };
  }
}

export function loadPrivateKey(data: Buffer, file: string): Parsed<KeyObject> {
  const text = data.toString('latin1');
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text)) {
    return { ok: false, message: `${file} is encrypted with a passphrase: Kubernetes components need an unencrypted key` };
  }
  if (/-----BEGIN CERTIFICATE-----/.test(text) && !/PRIVATE KEY-----/.test(text)) return { ok: false, message: `${file} is a certificate, not a private key` };
  try {
    return { ok: true, value: createPrivateKey(/-----BEGIN/.test(text) ? { key: text, format: 'pem' } : { key: data, format: 'der', type: 'pkcs8' }) };
  } catch (err) {
    return { ok: false, message: `${file} is not a private key (${(err as Error).message})` };
  }
}

/** Expected SAN "IP:10.0.0.5" / "IP Address:10.0.0.5" / "DNS:Kubernetes" → the normalized form. */
export function normalizeSan(san: string): string {
  const m = /^\s*([A-Za-z ]+?)\s*:\s*(.*?)\s*$/.exec(san);
  if (!m) return san.trim();
  const type = (m[1] as string).toLowerCase();
  let value = m[2] as string;
  if (type === 'ip' || type === 'ip address') {
    if (isIP(value) === 6) value = value.toLowerCase();
    return `IP:${value}`;
  }
  if (type === 'dns') return `DNS:${value.toLowerCase().replace(/\.$/, '')}`;
  if (type === 'email') return `email:${value}`;
  if (type === 'uri') return `URI:${value}`;
  return `${m[1] as string}:${value}`;
}

/** Does the certificate carry this key pair's public key? */
export function keyMatches(cert: CertInfo, key: KeyObject): boolean {
  try {
    return cert.x509.checkPrivateKey(key);
  } catch {
    return false;
  }
}

/** Signed by `ca`: the issuer name is the CA's subject and the signature verifies with its key. */
export function signedBy(cert: CertInfo, ca: CertInfo): { ok: true } | { ok: false; reason: 'issuer' | 'signature' } {
  const sig = cert.x509.verify(ca.x509.publicKey);
  if (sig) return { ok: true };
  return { ok: false, reason: cert.x509.checkIssued(ca.x509) ? 'signature' : 'issuer' };
}
