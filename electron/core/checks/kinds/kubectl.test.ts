// The kubectl kind on outputs from k8s-facts.md §3 and one recorded in the lab VM.
import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../../common/course';
import { runLessonChecks } from '../engine';
import type { ExecResult } from '../host-access';
import { fact, fakeAccess, recorded } from '../test-support';
import { ADMIN_KUBECONFIG_HINT, kubectlCommand } from './kubectl';

async function check(out: ExecResult, fields: Record<string, unknown>) {
  const access = fakeAccess(() => out);
  const spec = { id: 'kc', kind: 'kubectl', host: 'master', ...fields } as CheckSpec;
  const [r] = await runLessonChecks([spec], access);
  return { r: r!, command: access.commands[0] };
}

describe('kubectl kind', () => {
  it('builds the command with the kubeconfig and jsonpath quoted', () => {
    expect(kubectlCommand({ id: 'x', kind: 'kubectl', host: 'master', args: 'get node kube-worker', jsonpath: `{.status.nodeInfo.kubeletVersion} {.status.nodeInfo.containerRuntimeVersion}`, expect: 'v1.24.10' }))
      .toBe(`kubectl --kubeconfig /root/.kube/config get node kube-worker -o 'jsonpath={.status.nodeInfo.kubeletVersion} {.status.nodeInfo.containerRuntimeVersion}'`);
  });

  it('a node fact (k8s-facts §3.13) passes; a different one fails with expected vs found', async () => {
    const ok = await check(fact('kubectl-node-version'), { args: 'get node kube-worker', jsonpath: '{.status.nodeInfo.kubeletVersion} {.status.nodeInfo.containerRuntimeVersion}', expect: 'v1.24.10 containerd://1.6.28' });
    expect(ok.r.outcome).toBe('pass');
    const bad = await check(fact('kubectl-cluster-ip'), { args: 'get svc kubernetes', jsonpath: '{.spec.clusterIP}', expect: '/^10\\.96\\./' });
    expect(bad.r.message).toBe('expected output matching /^10\\.96\\./; found "10.32.0.1"');
  });

  it('componentstatuses with the deprecation warning on stderr (§3.8)', async () => {
    expect((await check(fact('kubectl-componentstatuses'), { args: 'get componentstatuses', expect: '/etcd-0 +Healthy/' })).r.outcome).toBe('pass');
  });

  it('kubectl not installed (recorded in the lab VM) → fail with the admin kubeconfig hint', async () => {
    const { r, command } = await check(recorded('kubectl-not-installed'), { args: 'get nodes', expect: 'Ready', hint: 'the spec hint' });
    expect(command).toBe(recorded('kubectl-not-installed').command);
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('kubectl: command not found on this host');
    expect(r.hint).toBe(ADMIN_KUBECONFIG_HINT);
  });

  it('the API server down → "not answering on 127.0.0.1:6443"', async () => {
    const { r } = await check(fact('kubectl-refused'), { args: 'get nodes', expect: 'Ready' });
    expect(r.message).toBe('the API server is not answering on 127.0.0.1:6443 (connection refused): is kube-apiserver running?');
    const dial = await check({ code: 1, stdout: '', stderr: 'Get "https://127.0.0.1:6443/api?timeout=32s": dial tcp 127.0.0.1:6443: connect: connection refused\n' }, { args: 'get nodes', expect: 'x' });
    expect(dial.r.message).toMatch(/^the API server is not answering on 127.0.0.1:6443/);
  });

  it('x509 unknown authority and Unauthorized (§3.5) are explained', async () => {
    expect((await check(fact('kubectl-unknown-authority'), { args: 'get --raw /api', expect: 'APIVersions' })).r.message).toMatch(/not signed by the CA in \/root\/.kube\/config/);
    expect((await check(fact('kubectl-unauthorized'), { args: 'get --raw /api', expect: 'APIVersions' })).r.message).toMatch(/does not accept the client certificate .*Unauthorized/);
  });
});
