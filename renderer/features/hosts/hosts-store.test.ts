// Host-key questions in the hosts store: a stale "changed" warning about a key the learner
// already forgot stays away, and a test connection whose question was replaced by a newer
// one (a terminal reconnecting) leaves that newer question open.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient, HostTestReport } from '../../../common/api';
import { type HostKeyPrompt, runHostTest, useHostsStore } from './hosts-store';

const changed: HostKeyPrompt = { role: 'worker', address: '10.0.0.2', port: 22, keyType: 'ssh-ed25519', fingerprint: 'SHA256:new', status: 'changed', knownFingerprint: 'SHA256:old', knownKeyType: 'ssh-ed25519' };
const unknown: HostKeyPrompt = { role: 'worker', address: '10.0.0.2', port: 22, keyType: 'ssh-ed25519', fingerprint: 'SHA256:new', status: 'unknown' };

// Only testHost is called; the rest of the client is not needed here.
const apiAnswering = (report: HostTestReport) => ({ testHost: async () => report }) as unknown as ApiClient;
const failedHostKey = (detail: string): HostTestReport => ({
  role: 'worker', ok: false,
  steps: [{ id: 'reach', label: 'Reach the VM', status: 'pass', detail: 'answered' }, { id: 'hostkey', label: 'Host key', status: 'fail', detail }],
});

beforeEach(() => useHostsStore.setState({ prompts: [], forgottenKeys: {}, tests: {}, hosts: [] }));

describe('host-key prompts', () => {
  it('drops a changed-key warning about the key the learner forgot, but not a later change', () => {
    const store = useHostsStore.getState();
    store.pushPrompt(changed);
    expect(useHostsStore.getState().prompts).toEqual([changed]);
    store.dropPrompt('worker');
    store.keyForgotten('worker', 'SHA256:old');
    store.pushPrompt(changed);
    expect(useHostsStore.getState().prompts).toEqual([]);
    store.pushPrompt(unknown);
    expect(useHostsStore.getState().prompts).toEqual([unknown]);
    const later = { ...changed, fingerprint: 'SHA256:newer', knownFingerprint: 'SHA256:new' };
    store.pushPrompt(later);
    expect(useHostsStore.getState().prompts).toEqual([later]);
  });

  it('a finished test drops its own unanswered question, keeps a newer one and any changed warning', async () => {
    useHostsStore.getState().pushPrompt(unknown);
    await runHostTest(apiAnswering(failedHostKey('Not connected: you did not trust the host key of kube-worker: a newer question replaced this one.')), 'worker');
    expect(useHostsStore.getState().prompts).toEqual([unknown]);
    await runHostTest(apiAnswering(failedHostKey('Not connected: no answer about the host key of kube-worker within 120 s.')), 'worker');
    expect(useHostsStore.getState().prompts).toEqual([]);
    useHostsStore.getState().pushPrompt(changed);
    await runHostTest(apiAnswering(failedHostKey('has CHANGED')), 'worker');
    expect(useHostsStore.getState().prompts).toEqual([changed]);
  });
});
