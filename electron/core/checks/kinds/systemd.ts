// systemd: the unit is loaded, active, (with enabled: true) enabled, and loaded from its
// current file (NeedDaemonReload). One exec reads `systemctl show`, `is-active`,
// `is-enabled` and, for a unit that is not active, its last 15 journal lines.
import { randomBytes } from 'node:crypto';
import { shq } from '../../terminals/shell-quote';
import { fail, pass, type CheckKindRunner, type KindVerdict } from '../types';

export const JOURNAL_LINES = 15;
const PROPS = ['Id', 'LoadState', 'ActiveState', 'SubState', 'Result', 'UnitFileState', 'NeedDaemonReload', 'NRestarts', 'ExecMainStatus', 'FragmentPath', 'LoadError'];

/** `etcd` → `etcd.service`; a name with a unit suffix is kept. */
export function unitName(unit: string): string {
  return /\.(service|socket|timer|mount|target|path|slice|scope|swap|automount|device)$/.test(unit) ? unit : `${unit}.service`;
}

export function systemdCommand(unit: string, nonce: string): string {
  const u = shq(unitName(unit));
  return [
    `systemctl show --no-pager -p ${PROPS.join(',')} -- ${u}`,
    `echo "IsActive=$(systemctl is-active -- ${u})"`,
    `echo "IsEnabled=$(systemctl is-enabled -- ${u} 2>/dev/null)"`,
    `if ! systemctl is-active --quiet -- ${u}; then echo ${shq(`@@journal-${nonce}`)}; journalctl -u ${u} -n ${JOURNAL_LINES} --no-pager -o cat 2>&1; fi`,
  ].join('\n');
}

export interface UnitState {
  props: Record<string, string>;
  journal?: string[];
}

export function parseSystemd(stdout: string, nonce: string): UnitState {
  const marker = `@@journal-${nonce}`;
  const idx = stdout.indexOf(`${marker}\n`);
  const head = idx < 0 ? stdout : stdout.slice(0, idx);
  const props: Record<string, string> = {};
  for (const line of head.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) props[line.slice(0, eq)] = line.slice(eq + 1).trim();
  }
  if (idx < 0) return { props };
  const journal = stdout.slice(idx + marker.length + 1).split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  return { props, journal };
}

function hintFor(journal: string[] | undefined): string | undefined {
  if (!journal?.some((l) => /No journal files were found|are not seeing messages from other users/.test(l))) return undefined;
  return 'Run the check as root (or a user in the systemd-journal group) to see the journal lines.';
}

export function judgeUnit(unit: string, enabled: boolean | undefined, state: UnitState): KindVerdict {
  const name = unitName(unit);
  const p = state.props;
  const journal = state.journal && state.journal.length ? state.journal : undefined;
  const details = journal ? { details: journal } : {};
  const h = hintFor(journal);
  const extra = { ...details, ...(h ? { hint: h } : {}) };
  const load = p.LoadState ?? '';
  const active = p.ActiveState ?? p.IsActive ?? '';
  const sub = p.SubState ?? '';
  const reloadWarning = p.NeedDaemonReload === 'yes'
    ? `${name} changed on disk since systemd loaded it: run systemctl daemon-reload and restart ${name.replace(/\.service$/, '')}, or systemd keeps running the old version`
    : undefined;
  const withReload = (msg: string) => (reloadWarning ? `${msg} (warning: ${reloadWarning})` : msg);

  if (load === 'not-found') {
    const where = name.endsWith('.service') ? `: did you create /etc/systemd/system/${name}?` : '';
    return fail(`${name} does not exist${where}`, extra);
  }
  if (load === 'masked') return fail(`${name} is masked (linked to /dev/null): systemctl unmask ${name}`, extra);
  if (load && load !== 'loaded') {
    const err = p.LoadError ? `: ${p.LoadError}` : '';
    return fail(withReload(`${name} could not be loaded (LoadState=${load}${err}); check the unit file ${p.FragmentPath || ''}`.trim()), extra);
  }
  const restarts = Number(p.NRestarts ?? '0');
  if (active !== 'active') {
    let msg: string;
    if (active === 'failed') {
      const result = p.Result && p.Result !== 'success' ? `Result=${p.Result}` : 'failed';
      const status = p.ExecMainStatus && p.ExecMainStatus !== '0' ? `, exit status ${p.ExecMainStatus}` : '';
      msg = `${name} failed (${result}${status}); its last journal lines are below`;
    } else if (active === 'activating' && sub === 'auto-restart') {
      const result = p.Result && p.Result !== 'success' ? `, last Result=${p.Result}` : '';
      msg = `${name} keeps crashing and restarting (activating, auto-restart${result}${restarts ? `; restarted ${restarts} times` : ''}): its last journal lines say why`;
    } else if (active === 'activating') {
      msg = `${name} is still starting (activating, ${sub}): wait a moment and check again, or read its journal`;
    } else if (active === 'inactive') {
      msg = `${name} is not running (inactive, ${sub || 'dead'}): start it with systemctl start ${name.replace(/\.service$/, '')}`;
    } else if (active === 'deactivating') {
      msg = `${name} is stopping (deactivating, ${sub})`;
    } else {
      msg = `${name} is ${active || 'in an unknown state'}${sub ? ` (${sub})` : ''}, expected active`;
    }
    return fail(withReload(msg), extra);
  }
  if (enabled) {
    const state = p.IsEnabled || p.UnitFileState || 'unknown';
    if (!['enabled', 'alias', 'generated', 'indirect'].includes(state)) {
      const base = name.replace(/\.service$/, '');
      return fail(withReload(`${name} is running but not enabled (is-enabled: ${state}): it will not start after a reboot. Run systemctl enable ${base}`), extra);
    }
  }
  const msg = `${name} is active (${sub})${enabled ? ' and enabled' : ''}`;
  if (restarts > 0) {
    return pass(withReload(`${msg}; note: systemd restarted it ${restarts} times`), reloadWarning ? { warning: reloadWarning } : {});
  }
  return pass(withReload(msg), reloadWarning ? { warning: reloadWarning } : {});
}

export const runSystemdCheck: CheckKindRunner<'systemd'> = async (spec, ctx) => {
  const nonce = randomBytes(6).toString('hex');
  const r = await ctx.exec(systemdCommand(spec.unit, nonce));
  const state = parseSystemd(r.stdout, nonce);
  if (!state.props.LoadState) {
    if (/systemctl: (command )?not found/.test(r.stderr) || r.code === 127) return fail(`systemctl is not available on ${ctx.role}: this host does not run systemd`);
    throw new Error(`systemctl gave no unit state (exit ${r.code}): ${r.stderr.trim().slice(0, 300)}`);
  }
  return judgeUnit(spec.unit, spec.enabled, state);
};
