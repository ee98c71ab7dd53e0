// The host form's values (all strings, as the inputs hold them) and their mapping to and
// from the contract: a HostSummary fills the form, the form becomes a HostProfile checked
// by the same zod schema core uses (HostProfileSchema). Pure.
import { type HostProfile, HostProfileSchema, type HostSummary, type SshConfigHost } from '../../../common/api';
import { parseProxyJump } from './host-proxyjump';

export type AuthMethod = HostProfile['auth']['method'];

export interface HostFormValues {
  address: string;
  privateIp: string;
  port: string;
  user: string;
  auth: AuthMethod;
  password: string;
  keyPath: string;
  passphrase: string;
  /** For a login user other than root whose sudo asks for a password. */
  sudoPassword: string;
  jumpAddress: string;
  jumpPort: string;
  jumpUser: string;
}

export type HostFormField = keyof HostFormValues;
export type HostFormErrors = Partial<Record<HostFormField, string>>;

export const DEFAULT_PORT = 22;
/** Ubuntu's cloud images, Multipass and most VM images log in as a sudo user named ubuntu. */
export const DEFAULT_USER = 'ubuntu';

export function emptyForm(): HostFormValues {
  return {
    address: '',
    privateIp: '',
    port: String(DEFAULT_PORT),
    user: DEFAULT_USER,
    auth: 'password',
    password: '',
    keyPath: '',
    passphrase: '',
    sudoPassword: '',
    jumpAddress: '',
    jumpPort: '',
    jumpUser: '',
  };
}

/** The login user is not root: the app acts as root through sudo (a password if sudo asks). */
export function needsSudo(values: Pick<HostFormValues, 'user'>): boolean {
  const user = values.user.trim();
  return user !== '' && user !== 'root';
}

/** The form for a saved host. Secrets are never filled in: the summary does not carry them. */
export function formFromSummary(summary: HostSummary | undefined): HostFormValues {
  if (!summary) return emptyForm();
  return {
    address: summary.address,
    privateIp: summary.privateIp && summary.privateIp !== summary.address ? summary.privateIp : '',
    port: String(summary.port),
    user: summary.user,
    auth: summary.auth,
    password: '',
    keyPath: summary.privateKeyPath ?? '',
    passphrase: '',
    sudoPassword: '',
    jumpAddress: summary.jump?.address ?? '',
    jumpPort: summary.jump ? String(summary.jump.port) : '',
    jumpUser: summary.jump?.user ?? '',
  };
}

export function hasJump(values: HostFormValues): boolean {
  return [values.jumpAddress, values.jumpPort, values.jumpUser].some((v) => v.trim() !== '');
}

/** "22" → 22; "" → the default; anything else → NaN (the schema then names the field). */
function portNumber(text: string, fallback: number): number {
  const t = text.trim();
  if (t === '') return fallback;
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** The object handed to the schema: empty optional fields left out, secrets only when typed. */
export function profileCandidate(role: string, v: HostFormValues): Record<string, unknown> {
  const user = v.user.trim();
  let auth: Record<string, unknown>;
  if (v.auth === 'password') {
    auth = { method: 'password', ...(v.password !== '' ? { password: v.password } : {}) };
  } else if (v.auth === 'key') {
    auth = { method: 'key', privateKeyPath: v.keyPath.trim(), ...(v.passphrase !== '' ? { passphrase: v.passphrase } : {}) };
  } else {
    auth = { method: 'agent' };
  }
  const candidate: Record<string, unknown> = {
    role,
    address: v.address.trim(),
    port: portNumber(v.port, DEFAULT_PORT),
    user,
    auth,
  };
  if (v.privateIp.trim() !== '') candidate.privateIp = v.privateIp.trim();
  if (needsSudo(v) && v.sudoPassword !== '') candidate.sudoPassword = v.sudoPassword;
  if (hasJump(v)) {
    candidate.jump = {
      address: v.jumpAddress.trim(),
      port: portNumber(v.jumpPort, DEFAULT_PORT),
      // An empty jump user means "the same user as the VM".
      user: v.jumpUser.trim() || user,
    };
  }
  return candidate;
}

const FIELD_OF_PATH: Record<string, HostFormField> = {
  address: 'address',
  privateIp: 'privateIp',
  port: 'port',
  user: 'user',
  'auth.password': 'password',
  'auth.privateKeyPath': 'keyPath',
  'auth.passphrase': 'passphrase',
  sudoPassword: 'sudoPassword',
  'jump.address': 'jumpAddress',
  'jump.port': 'jumpPort',
  'jump.user': 'jumpUser',
};

const PORT_FIELDS: ReadonlySet<HostFormField> = new Set(['port', 'jumpPort']);

/** Words for one schema issue on one field, as a hint under the input. */
function fieldMessage(field: HostFormField, value: string, zodMessage: string): string {
  if (PORT_FIELDS.has(field)) return 'Enter a port number from 1 to 65535';
  if (value.trim() === '') return 'Required';
  // The contract's own messages describe the expected value ("a host name or IP address").
  if (/^an? /.test(zodMessage)) return `Enter ${zodMessage}`;
  if (/too big|too long|<=/i.test(zodMessage)) return 'This is too long';
  return zodMessage;
}

export type FormResult = { ok: true; profile: HostProfile } | { ok: false; errors: HostFormErrors };

/**
 * Validates the form with HostProfileSchema. `hasStoredSecret` says whether core already
 * keeps a password for this role: without one, password login needs a password typed now.
 */
export function profileFromForm(role: string, values: HostFormValues, hasStoredSecret = false): FormResult {
  const parsed = HostProfileSchema.safeParse(profileCandidate(role, values));
  const errors: HostFormErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF_PATH[issue.path.map(String).join('.')];
      if (!field || errors[field]) continue;
      errors[field] = fieldMessage(field, values[field], issue.message);
    }
    // An issue the form has no input for (should not happen) still blocks saving.
    if (Object.keys(errors).length === 0) errors.address = parsed.error.issues[0]?.message ?? 'Invalid';
  }
  if (values.auth === 'password' && values.password === '' && !hasStoredSecret && !errors.password) {
    errors.password = 'Enter the password';
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, profile: parsed.data };
}

export interface ImportResult {
  values: HostFormValues;
  /** Things the import could not carry over, in words. */
  warnings: string[];
}

/** Fills a role's form from one ~/.ssh/config entry; what the entry does not say is kept. */
export function formFromSshConfig(entry: SshConfigHost, current: HostFormValues): ImportResult {
  const warnings: string[] = [];
  const values: HostFormValues = {
    ...current,
    address: entry.address,
    port: String(entry.port),
    user: entry.user ?? current.user,
    password: '',
    passphrase: '',
  };
  if (entry.identityFile) {
    values.auth = 'key';
    values.keyPath = entry.identityFile;
  }
  values.jumpAddress = '';
  values.jumpPort = '';
  values.jumpUser = '';
  if (entry.proxyJump) {
    const jump = parseProxyJump(entry.proxyJump);
    if (jump.ok && jump.jump) {
      values.jumpAddress = jump.jump.address;
      values.jumpPort = String(jump.jump.port);
      values.jumpUser = jump.jump.user ?? '';
    } else if (!jump.ok) {
      warnings.push(`ProxyJump “${entry.proxyJump}” was not imported: ${jump.reason}. Fill in the jump host by hand.`);
    }
  }
  return { values, warnings };
}
