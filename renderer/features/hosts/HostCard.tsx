// One course role (master, worker): what the VM needs, the SSH form, Save, Test
// connection, and the last test's checklist or the reason it failed.
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CourseHost } from '../../../common/course';
import { useApi } from '../../app/api-context';
import { HostProblemBox } from './HostProblemBox';
import { HostTestReportView } from './HostTestReport';
import { StatusDot } from './StatusDot';
import { type AuthMethod, formFromSummary, type HostFormErrors, type HostFormField, type HostFormValues, hasJump, needsSudo } from './host-form';
import { describeMinimum, endpointLabel, HOST_STATUS_WORDS } from './host-report';
import { saveAndTest, saveHostForm, useHostsStore } from './hosts-store';
import { useHostStatus } from './useHostStatus';

interface Props {
  host: CourseHost;
  /** The role's colour slot (as HostBadge uses). */
  tone: string;
  headingLevel?: 2 | 3;
}

const AUTH_OPTIONS: { value: AuthMethod; label: string; hint: string }[] = [
  { value: 'password', label: 'Password', hint: 'The user’s password on the VM.' },
  { value: 'key', label: 'Private key file', hint: 'A key file on this computer whose public key is in the VM’s ~/.ssh/authorized_keys.' },
  { value: 'agent', label: 'ssh-agent', hint: 'The keys loaded in your running SSH agent (SSH_AUTH_SOCK).' },
];

/** Focus order for "the first field with an error". */
const FIELD_ORDER: HostFormField[] = ['address', 'privateIp', 'port', 'user', 'password', 'keyPath', 'passphrase', 'sudoPassword', 'jumpAddress', 'jumpPort', 'jumpUser'];

const TESTID: Record<HostFormField, string> = {
  address: 'host-address',
  privateIp: 'host-private-ip',
  port: 'host-port',
  user: 'host-user',
  auth: 'host-auth',
  password: 'host-password',
  keyPath: 'host-key-path',
  passphrase: 'host-passphrase',
  sudoPassword: 'host-sudo-password',
  jumpAddress: 'host-jump-address',
  jumpPort: 'host-jump-port',
  jumpUser: 'host-jump-user',
};

export function HostCard({ host, tone, headingLevel = 2 }: Props) {
  const api = useApi();
  const { role } = host;
  const uid = useId();
  const draft = useHostsStore((s) => s.drafts[role]);
  const summary = useHostsStore((s) => s.hosts.find((h) => h.role === role));
  const values = useMemo(() => draft ?? formFromSummary(summary), [draft, summary]);
  const dirty = Boolean(draft);
  const saving = useHostsStore((s) => Boolean(s.saving[role]));
  const saveError = useHostsStore((s) => s.saveErrors[role] ?? null);
  const test = useHostsStore((s) => s.tests[role]);
  const waitingForKey = useHostsStore((s) => s.prompts.some((p) => p.role === role));
  const editDraft = useHostsStore((s) => s.editDraft);
  const status = useHostStatus(role);
  const [errors, setErrors] = useState<HostFormErrors>({});
  const [justSaved, setJustSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const jumpRef = useRef<HTMLDetailsElement>(null);

  const running = test?.phase === 'running';
  const showJump = hasJump(values);

  // Keep the jump disclosure open when it holds values (e.g. after an import).
  useEffect(() => {
    if (showJump && jumpRef.current && !jumpRef.current.open) jumpRef.current.open = true;
  }, [showJump]);

  useEffect(() => {
    if (!justSaved) return;
    const t = setTimeout(() => setJustSaved(false), 4000);
    return () => clearTimeout(t);
  }, [justSaved]);

  const id = (field: string) => `${uid}-${field}`;

  const edit = (patch: Partial<HostFormValues>) => {
    editDraft(role, patch);
    setJustSaved(false);
    const touched = Object.keys(patch) as HostFormField[];
    if (touched.some((f) => errors[f])) {
      setErrors((e) => {
        const next = { ...e };
        for (const f of touched) delete next[f];
        return next;
      });
    }
  };

  const showFieldErrors = (fieldErrors: HostFormErrors) => {
    setErrors(fieldErrors);
    const first = FIELD_ORDER.find((f) => fieldErrors[f]);
    if (!first) return;
    if ((first === 'jumpAddress' || first === 'jumpPort' || first === 'jumpUser') && jumpRef.current) jumpRef.current.open = true;
    formRef.current?.querySelector<HTMLInputElement>(`[data-testid="${TESTID[first]}-${role}"]`)?.focus();
  };

  const save = (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    void saveHostForm(api, role).then((outcome) => {
      if (outcome.ok) {
        setErrors({});
        setJustSaved(true);
      } else if (outcome.fieldErrors) showFieldErrors(outcome.fieldErrors);
    });
  };

  const testConnection = () => {
    if (running) return;
    void saveAndTest(api, role).then((outcome) => {
      if (outcome && !outcome.ok && outcome.fieldErrors) showFieldErrors(outcome.fieldErrors);
      else if (!outcome) setErrors({});
    });
  };

  const fieldProps = (field: HostFormField, describedBy?: string) => {
    const error = errors[field];
    const ids = [describedBy, error ? id(`${field}-error`) : undefined].filter(Boolean).join(' ');
    return {
      id: id(field),
      'data-testid': `${TESTID[field]}-${role}`,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': ids || undefined,
      className: error ? 'host-input host-input--invalid' : 'host-input',
    };
  };

  const fieldError = (field: HostFormField) =>
    errors[field] ? (
      <p id={id(`${field}-error`)} className="host-field__error" data-testid="host-field-error" data-field={field}>
        {errors[field]}
      </p>
    ) : null;

  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const secretKept = Boolean(summary?.hasSecret && summary.auth === values.auth);
  const problem = saveError ? null : test?.problem;

  const progress = waitingForKey ? 'Waiting for you to check the VM’s host key…' : `Connecting to ${test?.target ?? host.hostname}…`;

  return (
    <section className={`host-card host-tone-${tone}`} aria-labelledby={id('title')} data-testid={`host-card-${role}`} data-status={status}>
      <header className="host-card__header">
        <div className="host-card__names">
          <span className="host-card__role">{role}</span>
          <Heading id={id('title')} className="host-card__hostname">
            {host.hostname}
          </Heading>
          <span className="host-card__status">
            <StatusDot role={role} status={status} />
            {HOST_STATUS_WORDS[status]}
          </span>
        </div>
        {host.description && <p className="host-card__description">{host.description}</p>}
        <p className="host-card__minimum" data-testid={`host-minimum-${role}`}>
          Needs at least <strong>{describeMinimum(host.minimum)}</strong>
          {summary && (
            <>
              {' · '}saved as <code>{endpointLabel(summary)}</code>
            </>
          )}
        </p>
      </header>

      <form ref={formRef} className="host-form" noValidate onSubmit={save} aria-labelledby={id('title')}>
        <div className="host-form__grid">
          <div className="host-field host-field--wide">
            <label htmlFor={id('address')} className="host-field__label">
              Address
            </label>
            <input
              {...fieldProps('address', id('address-hint'))}
              type="text"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="10.0.0.5 or vm.example.org"
              value={values.address}
              onChange={(e) => edit({ address: e.target.value })}
            />
            <p id={id('address-hint')} className="host-field__hint">
              How this computer reaches the VM over SSH: an IP address or a DNS name.
            </p>
            {fieldError('address')}
          </div>

          <div className="host-field host-field--wide">
            <label htmlFor={id('privateIp')} className="host-field__label">
              Private IP <span className="host-field__optional">(optional)</span>
            </label>
            <input
              {...fieldProps('privateIp', id('privateIp-hint'))}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              placeholder={values.address || '10.0.0.5'}
              value={values.privateIp}
              onChange={(e) => edit({ privateIp: e.target.value })}
            />
            <p id={id('privateIp-hint')} className="host-field__hint">
              The address the other VM uses to reach this one; leave empty if it is the same.
            </p>
            {fieldError('privateIp')}
          </div>

          <div className="host-field host-field--port">
            <label htmlFor={id('port')} className="host-field__label">
              Port
            </label>
            <input
              {...fieldProps('port')}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={values.port}
              onChange={(e) => edit({ port: e.target.value })}
            />
            {fieldError('port')}
          </div>

          <div className="host-field">
            <label htmlFor={id('user')} className="host-field__label">
              User
            </label>
            <input
              {...fieldProps('user')}
              type="text"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={values.user}
              onChange={(e) => edit({ user: e.target.value })}
            />
            {fieldError('user')}
          </div>
        </div>

        <fieldset className="host-auth">
          <legend className="host-field__label">Sign in with</legend>
          <div className="host-auth__options">
            {AUTH_OPTIONS.map((o) => (
              <label key={o.value} className="host-auth__option">
                <input
                  type="radio"
                  name={id('auth')}
                  value={o.value}
                  checked={values.auth === o.value}
                  data-testid={`host-auth-${role}-${o.value}`}
                  onChange={() => edit({ auth: o.value })}
                />
                <span>{o.label}</span>
              </label>
            ))}
          </div>
          <p className="host-field__hint">{AUTH_OPTIONS.find((o) => o.value === values.auth)?.hint}</p>

          {values.auth === 'password' && (
            <div className="host-field">
              <label htmlFor={id('password')} className="host-field__label">
                Password
              </label>
              <input
                {...fieldProps('password')}
                type="password"
                autoComplete="new-password"
                placeholder={secretKept ? 'stored — leave empty to keep' : ''}
                value={values.password}
                onChange={(e) => edit({ password: e.target.value })}
              />
              {fieldError('password')}
            </div>
          )}

          {values.auth === 'key' && (
            <div className="host-form__grid">
              <div className="host-field host-field--wide">
                <label htmlFor={id('keyPath')} className="host-field__label">
                  Private key file
                </label>
                <input
                  {...fieldProps('keyPath', id('keyPath-hint'))}
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="~/.ssh/id_ed25519"
                  value={values.keyPath}
                  onChange={(e) => edit({ keyPath: e.target.value })}
                />
                <p id={id('keyPath-hint')} className="host-field__hint">
                  The full path of the key file on the computer running the app.
                </p>
                {fieldError('keyPath')}
              </div>
              <div className="host-field host-field--wide">
                <label htmlFor={id('passphrase')} className="host-field__label">
                  Passphrase <span className="host-field__optional">(if the key has one)</span>
                </label>
                <input
                  {...fieldProps('passphrase')}
                  type="password"
                  autoComplete="new-password"
                  placeholder={secretKept ? 'stored — leave empty to keep' : ''}
                  value={values.passphrase}
                  onChange={(e) => edit({ passphrase: e.target.value })}
                />
                {fieldError('passphrase')}
              </div>
            </div>
          )}
        </fieldset>

        {needsSudo(values) && (
          <div className="host-field host-sudo">
            <label htmlFor={id('sudoPassword')} className="host-field__label">
              Sudo password <span className="host-field__optional">(only if sudo asks {values.user.trim()} for one)</span>
            </label>
            <input
              {...fieldProps('sudoPassword', id('sudoPassword-hint'))}
              type="password"
              autoComplete="new-password"
              placeholder={summary?.hasSudoPassword ? 'stored — leave empty to keep' : ''}
              value={values.sudoPassword}
              onChange={(e) => edit({ sudoPassword: e.target.value })}
            />
            <p id={id('sudoPassword-hint')} className="host-field__hint">
              The course needs root: the app runs its commands, checks and terminals through sudo as {values.user.trim()}. Ubuntu cloud images, Multipass and
              Vagrant need no sudo password; leave it empty then. It is kept like the login password and never written on the VM.
            </p>
            {fieldError('sudoPassword')}
          </div>
        )}

        <details ref={jumpRef} className="host-jump">
          <summary className="host-jump__summary">Connect through a jump host (optional)</summary>
          <p className="host-field__hint">
            Only if the VM is not directly reachable: the app first connects to the jump host, then on to the VM, signing in to both the same way.
          </p>
          <div className="host-form__grid">
            <div className="host-field host-field--wide">
              <label htmlFor={id('jumpAddress')} className="host-field__label">
                Jump host address
              </label>
              <input
                {...fieldProps('jumpAddress')}
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={values.jumpAddress}
                onChange={(e) => edit({ jumpAddress: e.target.value })}
              />
              {fieldError('jumpAddress')}
            </div>
            <div className="host-field host-field--port">
              <label htmlFor={id('jumpPort')} className="host-field__label">
                Port
              </label>
              <input
                {...fieldProps('jumpPort')}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                placeholder="22"
                value={values.jumpPort}
                onChange={(e) => edit({ jumpPort: e.target.value })}
              />
              {fieldError('jumpPort')}
            </div>
            <div className="host-field">
              <label htmlFor={id('jumpUser')} className="host-field__label">
                User
              </label>
              <input
                {...fieldProps('jumpUser')}
                type="text"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                placeholder={values.user || 'same as above'}
                value={values.jumpUser}
                onChange={(e) => edit({ jumpUser: e.target.value })}
              />
              {fieldError('jumpUser')}
            </div>
          </div>
        </details>

        <div className="host-form__actions">
          <button type="submit" className="button" data-testid={`host-save-${role}`} aria-disabled={saving ? true : undefined}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button button--primary"
            data-testid={`host-test-${role}`}
            onClick={testConnection}
            aria-disabled={running ? true : undefined}
          >
            {running ? 'Testing…' : 'Test connection'}
          </button>
          <span className="host-form__state" role="status" data-testid={`host-form-state-${role}`}>
            {saving ? 'Saving…' : justSaved ? 'Saved.' : dirty ? 'Unsaved changes' : ''}
          </span>
        </div>
      </form>

      <p className={running ? 'host-progress' : 'visually-hidden'} role="status" data-testid={`host-test-progress-${role}`}>
        {running && (
          <>
            <span className="host-progress__spinner" aria-hidden="true" />
            {progress}
          </>
        )}
      </p>

      {(saveError || problem) && (
        <HostProblemBox
          role={role}
          problem={problem ?? { kind: 'other', title: 'The VM was not saved', message: saveError ?? '', hints: [] }}
        />
      )}

      {!running && test?.report && <HostTestReportView role={role} hostname={host.hostname} report={test.report} />}
    </section>
  );
}
