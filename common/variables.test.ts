import { describe, expect, it } from 'vitest';
import type { HostSummary } from './api';
import { resolveVariables, variableValues } from './variables';

const course = {
  hosts: [
    { role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 4096, cpus: 2 } },
    { role: 'worker', hostname: 'kube-worker', minimum: { memoryMiB: 1024, cpus: 1 } },
  ],
  versions: { kubernetes: '1.24.10', etcd: '3.5.4' },
  variables: { certDir: '/root/certificates', evil: 'x; rm -rf /' },
};
const master: HostSummary = { role: 'master', address: 'vm1.example', privateIp: '10.0.0.5', port: 22, user: 'root', auth: 'password', hasSecret: true };
const worker: HostSummary = { role: 'worker', address: '10.0.0.6', port: 2222, user: 'root', auth: 'key', hasSecret: false };

describe('variables', () => {
  it('resolves host, version and course variables with their sources', () => {
    const values = variableValues(course, [master, worker]);
    expect(values.get('master.ip')).toMatchObject({ value: '10.0.0.5', source: 'Hosts → master → private IP' });
    expect(values.get('worker.ip')).toMatchObject({ value: '10.0.0.6', source: 'Hosts → worker → address' });
    expect(values.get('worker.port')?.value).toBe('2222');
    expect(values.get('master.hostname')?.value).toBe('kube-master');
    const r = resolveVariables('SERVER_IP={{master.ip}} v{{ versions.kubernetes }} {{certDir}}', values);
    expect(r).toEqual({ text: 'SERVER_IP=10.0.0.5 v1.24.10 /root/certificates', missing: [] });
  });

  it('refuses a value with shell metacharacters before anything runs', () => {
    const r = resolveVariables('echo {{evil}}', variableValues(course, [master, worker]));
    expect(r.text).toBeUndefined();
    expect(r.missing[0]).toMatchObject({ name: 'evil', problem: expect.stringMatching(/not plain text/) });
  });

  it('refuses an address that is a host name where an IP is needed', () => {
    const values = variableValues(course, [{ ...master, privateIp: undefined }]);
    expect(values.get('master.ip')?.problem).toMatch(/"vm1.example" is not an IPv4 address/);
  });

  it('names missing hosts and unknown variables', () => {
    const r = resolveVariables('{{worker.ip}} {{nope}}', variableValues(course, [master]));
    expect(r.text).toBeUndefined();
    expect(r.missing.map((m) => [m.name, m.problem, m.fix])).toEqual([
      ['worker.ip', 'not set yet', 'hosts'],
      ['nope', 'no such variable in this course', 'course'],
    ]);
  });

  it('applies validated overrides (the lab runs etcd 3.4.23)', () => {
    const values = variableValues(course, [master, worker], { 'versions.etcd': '3.4.23' });
    expect(values.get('versions.etcd')).toMatchObject({ value: '3.4.23', source: 'settings → override' });
    expect(variableValues(course, [], { 'versions.etcd': '3.4$(id)' }).get('versions.etcd')?.problem).toMatch(/not a version/);
  });

  it('overrides only the variables the course marks adjustable', () => {
    const overrides = { certDir: '/srv/pki', evil: 'safe' };
    expect(variableValues(course, [], overrides).get('certDir')).toMatchObject({ value: '/root/certificates', source: 'course.yaml → variables' });
    const adjustable = { ...course, adjustable: ['certDir'] };
    expect(variableValues(adjustable, [], overrides).get('certDir')).toMatchObject({ value: '/srv/pki', source: 'settings → override' });
    expect(variableValues(adjustable, [], overrides).get('evil')?.value).toBeUndefined(); // still the course's (invalid) value
  });
});
