// One module per check kind; runKind dispatches on spec.kind.
import type { CheckSpec } from '../../../../common/course';
import type { CheckContext, KindVerdict } from '../types';
import { runCertificateCheck } from './certificate';
import { runCommandCheck } from './command';
import { runFileCheck } from './file';
import { runHttpsCheck } from './https';
import { runKubeconfigCheck } from './kubeconfig';
import { runKubectlCheck } from './kubectl';
import { runPortCheck } from './port';
import { runSystemdCheck } from './systemd';

export function runKind(spec: CheckSpec, ctx: CheckContext): Promise<KindVerdict> {
  switch (spec.kind) {
    case 'command': return runCommandCheck(spec, ctx);
    case 'file': return runFileCheck(spec, ctx);
    case 'systemd': return runSystemdCheck(spec, ctx);
    case 'port': return runPortCheck(spec, ctx);
    case 'certificate': return runCertificateCheck(spec, ctx);
    case 'kubeconfig': return runKubeconfigCheck(spec, ctx);
    case 'https': return runHttpsCheck(spec, ctx);
    case 'kubectl': return runKubectlCheck(spec, ctx);
    default: {
      const unknown: { kind?: unknown } = spec;
      return Promise.reject(new Error(`unknown check kind ${String(unknown.kind)}`));
    }
  }
}
