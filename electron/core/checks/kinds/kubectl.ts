// kubectl: `kubectl --kubeconfig K ARGS [-o jsonpath=…]` on the host (default kubeconfig
// /root/.kube/config); stdout must contain `expect` (or match /regex/). `args` is the
// lesson author's command line (like `run`); the kubeconfig and jsonpath are quoted.
import { quoteOutput, textMatcher } from '../expect-text';
import { shq } from '../../terminals/shell-quote';
import { fail, pass, type CheckKindRunner, type KindVerdict, type SpecOf } from '../types';
import type { ExecResult } from '../host-access';

export const DEFAULT_KUBECONFIG = '/root/.kube/config';
export const ADMIN_KUBECONFIG_HINT = 'Install kubectl (/usr/local/bin/kubectl) and create the admin kubeconfig as shown in the lesson on the admin user\'s kubeconfig, then check again.';

export function kubectlCommand(spec: SpecOf<'kubectl'>): string {
  const parts = [`kubectl --kubeconfig ${shq(spec.kubeconfig ?? DEFAULT_KUBECONFIG)} ${spec.args}`];
  if (spec.jsonpath !== undefined) parts.push(`-o ${shq(`jsonpath=${spec.jsonpath}`)}`);
  return parts.join(' ');
}

/** Known kubectl failures in a learner's words, or undefined. */
export function explainKubectl(r: ExecResult, kubeconfig: string): KindVerdict | undefined {
  const err = r.stderr;
  if (r.code === 127 || /kubectl: (command )?not found/.test(err)) {
    return fail('kubectl: command not found on this host', { hint: ADMIN_KUBECONFIG_HINT });
  }
  const refused = /dial tcp (\[?[0-9a-fA-F.:]+\]?):(\d+): connect: connection refused/.exec(err) ?? /The connection to the server ([^\s]+?):(\d+) was refused/.exec(err);
  if (refused) return fail(`the API server is not answering on ${refused[1]}:${refused[2]} (connection refused): is kube-apiserver running?`);
  if (/x509: certificate signed by unknown authority/.test(err)) return fail(`the API server's certificate is not signed by the CA in ${kubeconfig} (x509: certificate signed by unknown authority): was the CA made again after the kubeconfig?`);
  if (/x509: certificate is valid for ([^\n]+)/.test(err)) return fail(`the API server's certificate does not name the address in ${kubeconfig}: ${/x509: certificate is valid for ([^\n]+)/.exec(err)?.[0]}`);
  if (/You must be logged in to the server \(Unauthorized\)/.test(err)) return fail(`the API server does not accept the client certificate in ${kubeconfig} (Unauthorized): it is not signed by the CA given to --client-ca-file`);
  if (/stat .*: no such file or directory|error loading config file/.test(err)) return fail(`${kubeconfig} cannot be loaded: ${quoteOutput(err, 1)}`, { hint: ADMIN_KUBECONFIG_HINT });
  if (/Error from server \(Forbidden\)/.test(err)) return fail(`the API server refused the request (Forbidden): ${quoteOutput(err, 1)}`);
  if (/Error from server \(NotFound\)/.test(err)) return fail(`not found: ${quoteOutput(err, 1)}`);
  if (/i\/o timeout|context deadline exceeded|TLS handshake timeout/.test(err)) return fail(`the API server did not answer in time: ${quoteOutput(err, 1)}`);
  return undefined;
}

export function judgeKubectl(spec: SpecOf<'kubectl'>, r: ExecResult): KindVerdict {
  const kubeconfig = spec.kubeconfig ?? DEFAULT_KUBECONFIG;
  if (r.code !== 0) {
    const known = explainKubectl(r, kubeconfig);
    if (known) return known;
    return fail(`kubectl exited with ${r.code ?? `signal ${r.signal ?? '?'}`}; stderr: ${quoteOutput(r.stderr)}`);
  }
  const m = textMatcher(spec.expect);
  const out = r.stdout.trim();
  if (!m.test(r.stdout)) return fail(`expected output ${m.describe}; found ${quoteOutput(out)}`);
  return pass(`kubectl ${spec.args}: ${quoteOutput(out, 2)}`);
}

export const runKubectlCheck: CheckKindRunner<'kubectl'> = async (spec, ctx) => judgeKubectl(spec, await ctx.exec(kubectlCommand(spec)));
