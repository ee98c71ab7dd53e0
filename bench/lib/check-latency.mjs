// checkLatency: the certificate-authority lesson's checks through the app's engine (its
// shared SSH connection, checks in parallel on separate channels) against the same checks
// each run over a new OpenSSH `ssh` connection (also in parallel), in the same run, on the
// same lab VM. Needs the e2e lab (npm run lab -- up).
// Also measured, to say where the engine's time goes: the same three commands as raw ssh2
// `exec`s in parallel on one already-open connection (no engine, no sudo, no checks'
// parsing): the floor any engine on one SSH connection has on this VM.
// Each run measures all three back to back, so its ratio compares like with like on a
// busy machine; the figure is the median ratio and the worst one over RUNS.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import { connectApi } from '../../e2e/helpers/api-client.ts';
import { configureLabHosts } from '../../e2e/helpers/setup-hosts.ts';
import { labExec, labHost } from '../../e2e/helpers/lab.ts';
import { median, spreadOf } from './median.mjs';

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

function rawClient(host) {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('ready', () => resolve(client)).once('error', reject);
    client.connect({ host: host.address, port: host.port, username: host.user, privateKey: readFileSync(host.privateKeyPath), readyTimeout: 20_000 });
  });
}

const rawExec = (client, command) => new Promise((resolve, reject) => {
  client.exec(command, (err, ch) => {
    if (err) return reject(err);
    ch.on('data', () => {}).stderr.on('data', () => {});
    ch.on('close', resolve);
  });
});

export async function checkLatency(ctx) {
  const master = labHost('master');
  labExec('master', `mkdir -p /root/certificates && cd /root/certificates && [ -s ca.key ] || { openssl genrsa -out ca.key 2048 2>/dev/null; openssl req -x509 -new -key ca.key -days 3650 -subj "/CN=KUBERNETES-CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt; chmod 600 ca.key; }`);
  const api = await connectApi(ctx.session);
  let raw;
  try {
    await configureLabHosts(api, 'key');
    const first = await api.runChecks('certificate-authority');
    if (!first.every((r) => r.outcome === 'pass')) throw new Error(`the CA checks must pass for this bench: ${JSON.stringify(first)}`);
    raw = await rawClient(master);
    const engine = [];
    const openssh = [];
    const rawSsh2 = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      await api.runChecks('certificate-authority');
      engine.push(performance.now() - t);
      t = performance.now();
      await Promise.all(OPENSSH_EQUIVALENTS.map((c) => sshOnce(master, c)));
      openssh.push(performance.now() - t);
      t = performance.now();
      await Promise.all(OPENSSH_EQUIVALENTS.map((c) => rawExec(raw, c)));
      rawSsh2.push(performance.now() - t);
    }
    const ratios = engine.map((e, i) => e / openssh[i]);
    const r1 = (n) => Number(n.toFixed(1));
    const result = {
      engineMs: r1(median(engine)),
      opensshPerCheckMs: r1(median(openssh)),
      rawSsh2Ms: r1(median(rawSsh2)),
      ratio: Number(median(ratios).toFixed(3)),
      maxRatio: Number(Math.max(...ratios).toFixed(3)),
      engineOverRaw: Number((median(engine) / median(rawSsh2)).toFixed(2)),
      spread: { engineMs: spreadOf(engine, 1), opensshPerCheckMs: spreadOf(openssh, 1), rawSsh2Ms: spreadOf(rawSsh2, 1), ratio: spreadOf(ratios, 3) },
      checks: first.length,
      runs: RUNS,
    };
    ctx.log(`checkLatency: ${result.checks} checks of "certificate-authority": engine ${result.engineMs} ms vs a new OpenSSH connection per check ${result.opensshPerCheckMs} ms (ratio ${result.ratio}, worst ${result.maxRatio}, median of ${RUNS}; lower is better); the same commands as raw ssh2 execs on an open connection ${result.rawSsh2Ms} ms (engine / raw ${result.engineOverRaw})`);
    return result;
  } finally {
    raw?.end();
    api.close();
    labExec('master', 'rm -rf /root/certificates');
  }
}
