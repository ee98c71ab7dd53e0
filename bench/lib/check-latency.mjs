// checkLatency: the certificate-authority lesson's checks through the app's engine (its
// shared SSH connection, checks in parallel on separate channels) against the same checks
// each run over a new OpenSSH `ssh` connection (also in parallel), in the same run, on the
// same lab VM. Needs the e2e lab (npm run lab -- up).
import { spawn } from 'node:child_process';
import { connectApi } from '../../e2e/helpers/api-client.ts';
import { configureLabHosts } from '../../e2e/helpers/setup-hosts.ts';
import { labExec, labHost } from '../../e2e/helpers/lab.ts';
import { median } from './median.mjs';

const RUNS = 7;

/** What each of the lesson's checks reads on the VM, as one shell command per check. */
const OPENSSH_EQUIVALENTS = [
  'cat /root/certificates/ca.crt /root/certificates/ca.key >/dev/null', // certificate: cert, key, CA
  'openssl verify -x509_strict -CAfile /root/certificates/ca.crt /root/certificates/ca.crt', // command
  'stat -c %a /root/certificates/ca.key', // file mode
];

function sshOnce(host, command) {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [
      '-i', host.privateKeyPath, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'LogLevel=ERROR', `${host.user}@${host.address}`, command,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ssh ${command}: exit ${code} ${err}`))));
  });
}

export async function checkLatency(ctx) {
  const master = labHost('master');
  labExec('master', `mkdir -p /root/certificates && cd /root/certificates && [ -s ca.key ] || { openssl genrsa -out ca.key 2048 2>/dev/null; openssl req -x509 -new -key ca.key -days 3650 -subj "/CN=KUBERNETES-CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt; chmod 600 ca.key; }`);
  const api = await connectApi(ctx.session);
  try {
    await configureLabHosts(api, 'key');
    const first = await api.runChecks('certificate-authority');
    if (!first.every((r) => r.outcome === 'pass')) throw new Error(`the CA checks must pass for this bench: ${JSON.stringify(first)}`);
    const engine = [];
    const openssh = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      await api.runChecks('certificate-authority');
      engine.push(performance.now() - t);
      t = performance.now();
      await Promise.all(OPENSSH_EQUIVALENTS.map((c) => sshOnce(master, c)));
      openssh.push(performance.now() - t);
    }
    const engineMs = median(engine);
    const opensshPerCheckMs = median(openssh);
    const result = { engineMs: Number(engineMs.toFixed(1)), opensshPerCheckMs: Number(opensshPerCheckMs.toFixed(1)), ratio: Number((engineMs / opensshPerCheckMs).toFixed(3)), checks: first.length, runs: RUNS };
    ctx.log(`checkLatency: ${result.checks} checks of "certificate-authority": engine ${result.engineMs} ms vs a new OpenSSH connection per check ${result.opensshPerCheckMs} ms (ratio ${result.ratio}, median of ${RUNS}; lower is better)`);
    return result;
  } finally {
    api.close();
    labExec('master', 'rm -rf /root/certificates');
  }
}
