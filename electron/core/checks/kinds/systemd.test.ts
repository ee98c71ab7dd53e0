import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../../common/course';
import { runLessonChecks } from '../engine';
import { fakeAccess, recorded, withNonce } from '../test-support';
import { unitName } from './systemd';

async function replay(name: string, spec: Partial<CheckSpec> = {}) {
  const rec = recorded(name);
  const unit = /-- (\S+)\n/.exec(rec.command)?.[1] as string;
  const access = fakeAccess((cmd) => withNonce(rec, cmd));
  const [r] = await runLessonChecks([{ id: 's', kind: 'systemd', host: 'master', unit, ...spec } as CheckSpec], access);
  return { r: r!, access };
}

describe('systemd kind (recorded in the lab VM)', () => {
  it('sends one command, the one recorded', async () => {
    const { access } = await replay('systemd-active-enabled');
    expect(access.commands).toHaveLength(1);
    expect(access.commands[0]!.replace(/[0-9a-f]{12}/, 'f1x7ure00000')).toBe(recorded('systemd-active-enabled').command);
  });

  it('active and enabled → pass', async () => {
    const { r } = await replay('systemd-active-enabled', { enabled: true } as Partial<CheckSpec>);
    expect(r.outcome).toBe('pass');
    expect(r.message).toBe('check-fixture-sleep.service is active (running) and enabled');
    expect(r.details).toBeUndefined();
  });

  it('active but not enabled → fail when enabled: true, pass otherwise', async () => {
    const { r } = await replay('systemd-active-disabled', { enabled: true } as Partial<CheckSpec>);
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/is running but not enabled \(is-enabled: disabled\): it will not start after a reboot/);
    expect((await replay('systemd-active-disabled')).r.outcome).toBe('pass');
  });

  it('NeedDaemonReload=yes → a warning in the message and the warning field', async () => {
    const { r } = await replay('systemd-active-needs-reload');
    expect(r.outcome).toBe('pass');
    expect(r.warning).toMatch(/changed on disk since systemd loaded it: run systemctl daemon-reload/);
    expect(r.message).toMatch(/\(warning: .*daemon-reload/);
  });

  it('inactive → fail, with the journal lines', async () => {
    const { r } = await replay('systemd-inactive', { hint: 'Start etcd.' } as Partial<CheckSpec>);
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('check-fixture-sleep.service is not running (inactive, dead): start it with systemctl start check-fixture-sleep');
    expect(r.hint).toBe('Start etcd.');
    expect(r.details?.length).toBeGreaterThan(0);
  });

  it('failed → Result and exit status, and the journal lines that say why', async () => {
    const { r } = await replay('systemd-failed');
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('check-fixture-false.service failed (Result=exit-code, exit status 3); its last journal lines are below');
    expect(r.details).toContain('fatal: cannot open /etc/kubernetes/config.yaml: no such file');
    expect(r.details!.length).toBeLessThanOrEqual(15);
  });

  it('a restart loop (activating, auto-restart) is named as such', async () => {
    const { r } = await replay('systemd-auto-restart');
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/^check-fixture-loop.service keeps crashing and restarting \(activating, auto-restart, last Result=exit-code/);
    expect(r.details).toContain('crashing on purpose');
  });

  it('a unit that does not exist asks whether the file was created', async () => {
    const { r } = await replay('systemd-not-found');
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('etcd-fixture-missing.service does not exist: did you create /etc/systemd/system/etcd-fixture-missing.service?');
  });

  it('unit names', () => {
    expect(unitName('etcd')).toBe('etcd.service');
    expect(unitName('kubelet.service')).toBe('kubelet.service');
    expect(unitName('docker.socket')).toBe('docker.socket');
  });
});
