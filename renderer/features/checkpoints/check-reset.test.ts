import { describe, expect, it } from 'vitest';
import { resetDoneText, resetRunningText } from './check-reset';

describe('reset words', () => {
  it('says what the reset did', () => {
    expect(resetDoneText('Configure etcd', 0)).toBe('Reset done: “Configure etcd” is open again.');
    expect(resetDoneText('Configure etcd', 1)).toBe('Reset done: “Configure etcd” is open again, 1 later lesson closed.');
    expect(resetDoneText('Configure etcd', 11)).toBe('Reset done: “Configure etcd” is open again, 11 later lessons closed.');
  });

  it('names the host the reset runs on', () => {
    expect(resetRunningText('kube-master')).toMatch(/^Running the reset on kube-master…/);
    expect(resetRunningText('')).toBe('Running the reset…');
  });
});
