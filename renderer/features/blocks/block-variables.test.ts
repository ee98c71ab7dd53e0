import { describe, expect, it } from 'vitest';
import type { VariableValue } from '../../../common/variables';
import { chipTitle, copyText, groupMissing, listPlaceholders, missingVariables, resolveChips, variableMap } from './block-variables';

const values = variableMap([
  { name: 'master.ip', kind: 'ip', value: '10.77.0.10', source: 'Hosts → master → address' },
  { name: 'master.hostname', kind: 'hostname', value: 'kube-master', source: 'course.yaml → hosts' },
  { name: 'worker.ip', kind: 'ip', source: 'Hosts → worker → address', problem: 'not set yet', fix: 'hosts' },
  { name: 'worker.user', kind: 'user', source: 'Hosts → worker → user', problem: 'not set yet', fix: 'hosts' },
  { name: 'versions.etcd', kind: 'version', source: 'settings → override', problem: '"x y" is not a version like 1.24.10', fix: 'course' },
]);

describe('resolveChips', () => {
  it('shows each value with where it comes from', () => {
    expect(resolveChips('ping {{master.ip}} -c 1', values)).toEqual([
      { kind: 'text', text: 'ping ' },
      { kind: 'variable', name: 'master.ip', raw: '{{master.ip}}', value: '10.77.0.10', status: 'ok', title: 'master.ip — from Hosts → master → address' },
      { kind: 'text', text: ' -c 1' },
    ]);
  });

  it('marks a variable without a usable value, and one the course does not know', () => {
    const [unset, , unknown] = resolveChips('{{worker.ip}} {{nope}}', values);
    expect(unset).toMatchObject({ kind: 'variable', status: 'missing', title: 'worker.ip — not set yet (Hosts → worker → address)' });
    expect(unset).not.toHaveProperty('value');
    expect(unknown).toMatchObject({ status: 'missing', title: 'nope — no such variable in this course' });
  });

  it('shows names, not warnings, while the values load', () => {
    expect(resolveChips('{{master.ip}}', null)).toEqual([
      { kind: 'variable', name: 'master.ip', raw: '{{master.ip}}', status: 'unknown', title: 'master.ip — its value is loading' },
    ]);
  });

  it('keeps spaces inside the braces out of the name', () => {
    expect(resolveChips('{{ master.ip }}', values)[0]).toMatchObject({ name: 'master.ip', raw: '{{ master.ip }}', value: '10.77.0.10' });
  });
});

describe('missing variables', () => {
  it('lists each missing variable once, in order of use', () => {
    const missing = missingVariables('{{worker.ip}} {{master.ip}} {{worker.user}} {{worker.ip}}', values);
    expect(missing.map((m) => m.name)).toEqual(['worker.ip', 'worker.user']);
    expect(missingVariables('{{worker.ip}}', null)).toEqual([]);
  });

  it('groups them by problem and fix', () => {
    const missing = missingVariables('{{worker.ip}} {{versions.etcd}} {{worker.user}}', values);
    expect(groupMissing(missing)).toEqual([
      { names: ['worker.ip', 'worker.user'], problem: 'not set yet', fix: 'hosts' },
      { names: ['versions.etcd'], problem: '"x y" is not a version like 1.24.10', fix: 'course' },
    ]);
  });

  it('names placeholders in a sentence', () => {
    expect(listPlaceholders(['a'])).toBe('{{a}}');
    expect(listPlaceholders(['a', 'b'])).toBe('{{a}} and {{b}}');
    expect(listPlaceholders(['a', 'b', 'c'])).toBe('{{a}}, {{b}} and {{c}}');
  });

  it('titles a variable without a source plainly', () => {
    const v: VariableValue = { name: 'x', kind: 'text', source: 'nowhere', problem: 'no such variable in this course' };
    expect(chipTitle('x', v)).toBe('x — no such variable in this course');
  });
});

describe('copyText', () => {
  it('copies the resolved text when every value is there', () => {
    expect(copyText('ssh root@{{master.ip}} # {{master.hostname}}', values)).toEqual({ text: 'ssh root@10.77.0.10 # kube-master', resolved: true });
  });

  it('copies the text as written, naming what is missing', () => {
    expect(copyText('ping {{worker.ip}}', values)).toEqual({ text: 'ping {{worker.ip}}', resolved: false, missing: ['worker.ip'] });
    expect(copyText('ping {{worker.ip}}', null)).toEqual({ text: 'ping {{worker.ip}}', resolved: false, missing: [] });
  });
});
