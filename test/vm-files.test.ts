// The generated VM files pass their tools' own validators when this machine has them
// (`cloud-init schema`, Debian package cloud-init; `ruby -c`, Debian package ruby: CI
// installs both) and otherwise the checks below, written from the tools' documentation.
// Each test says which it used. The course's real host table is the input.
// In test/, not beside vm-files.ts: the renderer folder forbids node: imports, and these tests run the real validators.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { CourseFileSchema, type CourseHost } from '../common/course';
import { PRIVATE_NETWORK, cloudConfig, fixedAddresses, parseAddresses, publicKeyProblem, rubyString, vagrantfile, vmPlan } from '../renderer/features/vm-guide/vm-files';

/** The real course's host table (kube-master 2 CPUs / 4 GiB, kube-worker 1 / 1 GiB). */
const HOSTS: CourseHost[] = CourseFileSchema.parse(parse(readFileSync(join(import.meta.dirname, '..', 'lessons', 'course.yaml'), 'utf8'))).hosts;
/** A key whose comment needs quoting in YAML and in Ruby. */
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk7wVZtGxR1+2u5j0b2vX6yHn8pQn4F1l0N7nVw1dCq me@it's #1 \\o/";

const dir = mkdtempSync(join(tmpdir(), 'vm-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/**
 * The cloud-config keys these files use, as cloud-init's documentation types them
 * (modules cc_set_hostname / cc_update_hostname, cc_ssh, cc_set_passwords, cc_runcmd).
 */
const CloudConfigDocSchema = z.strictObject({
  hostname: z.string().optional(),
  fqdn: z.string().optional(),
  preserve_hostname: z.boolean().optional(),
  disable_root: z.boolean().optional(),
  ssh_pwauth: z.boolean().optional(),
  ssh_authorized_keys: z.array(z.string()).optional(),
  runcmd: z.array(z.union([z.string(), z.array(z.string())])).optional(),
});

/** `cloud-init schema` when installed, else the documented schema. Returns which, and the problems. */
function validateCloudConfig(name: string, text: string, tool = have('cloud-init')): { by: string; problems: string } {
  if (tool) {
    const r = spawnSync('cloud-init', ['schema', '--config-file', write(name, text)], { encoding: 'utf8' });
    return { by: 'cloud-init schema', problems: r.status === 0 ? '' : `${r.stdout}${r.stderr}` };
  }
  if (!text.startsWith('#cloud-config\n')) return { by: 'the documented schema', problems: 'user data must start with #cloud-config' };
  const r = CloudConfigDocSchema.safeParse(parse(text));
  return { by: 'the documented schema', problems: r.success ? '' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/** `ruby -c` when installed, else Vagrant's documented shape: balanced blocks and the calls used. */
function validateVagrantfile(text: string, tool = have('ruby')): { by: string; problems: string } {
  if (tool) {
    const r = spawnSync('ruby', ['-c', write('Vagrantfile', text)], { encoding: 'utf8' });
    return { by: 'ruby -c', problems: r.status === 0 && r.stdout.includes('Syntax OK') ? '' : `${r.stdout}${r.stderr}` };
  }
  const code = text.replace(/<<~'SHELL'[\s\S]*?\nSHELL\n/, '\n').replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|#.*$/gm, "''");
  const opened = (code.match(/\bdo\b/g) ?? []).length;
  const closed = (code.match(/^\s*end\b/gm) ?? []).length;
  const problems = [
    opened !== closed ? `${opened} do but ${closed} end` : '',
    /^Vagrant\.configure\("2"\) do \|config\|$/m.test(text) ? '' : 'no Vagrant.configure("2") block',
  ].filter(Boolean);
  return { by: 'Vagrant\'s documented Vagrantfile shape', problems: problems.join('; ') };
}

describe('cloud-init user data', () => {
  it('passes the validator for Multipass (no hostname: Multipass names the VM) and for each cloud VM', () => {
    const files = [...vmPlan('multipass', HOSTS, KEY).files, ...vmPlan('cloud', HOSTS, KEY).files].filter((f) => f.kind === 'cloud-config');
    expect(files.map((f) => f.name)).toEqual(['k8s-cloud-init.yaml', 'kube-master.user-data.yaml', 'kube-worker.user-data.yaml']);
    for (const f of files) {
      const v = validateCloudConfig(f.name, f.text);
      console.log(`${f.name}: validated with ${v.by}`);
      expect(v.problems, `${f.name} (${v.by})`).toBe('');
    }
  });

  it('the validator is real: a wrong type fails it', () => {
    const v = validateCloudConfig('broken.yaml', '#cloud-config\nssh_authorized_keys: 5\nruncmd: swapoff\n');
    console.log(`broken.yaml: validated with ${v.by}`);
    expect(v.problems).not.toBe('');
  });

  it('gives root the key as written, names the VM, and turns swap off now and at boot', () => {
    const data = parse(cloudConfig(KEY, 'kube-worker')) as Record<string, unknown>;
    expect(data).toMatchObject({ hostname: 'kube-worker', preserve_hostname: false, disable_root: false, ssh_pwauth: false, ssh_authorized_keys: [KEY] });
    expect(data.runcmd).toContain('swapoff -a');
    expect(data).not.toHaveProperty('manage_etc_hosts');
    expect(parse(cloudConfig(KEY))).not.toHaveProperty('hostname');
  });

  it('the swap line edit comments out active swap lines of a real fstab and leaves the rest', () => {
    const sed = (parse(cloudConfig(KEY)) as { runcmd: string[] }).runcmd[1]!.replace(' /etc/fstab', '');
    const fstab = write('fstab', 'UUID=1 / ext4 defaults 0 1\n/swap.img\tnone\tswap\tsw\t0\t0\n# /old none swap sw 0 0\n');
    execFileSync('sh', ['-c', `${sed} "$1"`, 'sh', fstab]);
    expect(execFileSync('cat', [fstab], { encoding: 'utf8' })).toBe('UUID=1 / ext4 defaults 0 1\n# /swap.img\tnone\tswap\tsw\t0\t0\n# /old none swap sw 0 0\n');
  });
});

describe('Vagrantfile', () => {
  for (const provider of ['virtualbox', 'libvirt'] as const) {
    it(`passes the validator (${provider}) and has the course's names, sizes and fixed private addresses`, () => {
      const text = vagrantfile(HOSTS, KEY, provider);
      const v = validateVagrantfile(text);
      console.log(`Vagrantfile (${provider}): validated with ${v.by}`);
      expect(v.problems).toBe('');
      expect(text).toContain(`node.vm.provider '${provider}' do |p|`);
      expect(text).toMatch(/define 'kube-master'[\s\S]*ip: '192\.168\.56\.10'[\s\S]*p\.cpus = 2\n\s*p\.memory = 4096/);
      expect(text).toMatch(/define 'kube-worker'[\s\S]*ip: '192\.168\.56\.11'[\s\S]*p\.cpus = 1\n\s*p\.memory = 1024/);
      expect(text).toContain('swapoff -a');
    });
  }

  it('the validator is real: a missing end fails it', () => {
    const v = validateVagrantfile(vagrantfile(HOSTS, KEY, 'virtualbox').replace(/\nend\n$/, '\n'));
    expect(v.problems).not.toBe('');
  });

  it('keeps the key byte for byte through Ruby\'s quoting', () => {
    expect(rubyString("a'b\\c")).toBe("'a\\'b\\\\c'");
    if (have('ruby')) {
      const printed = execFileSync('ruby', ['-e', `PUBLIC_KEY = ${rubyString(KEY)}; print PUBLIC_KEY`], { encoding: 'utf8' });
      expect(printed).toBe(KEY);
    }
  });

  it('hands out addresses inside VirtualBox\'s default host-only range 192.168.56.0/21', () => {
    const ips = Object.values(fixedAddresses(HOSTS));
    expect(ips).toEqual(['192.168.56.10', '192.168.56.11']);
    for (const ip of ips) {
      const [a, b, c] = ip.split('.').map(Number) as [number, number, number];
      expect(a === 192 && b === 168 && c >= 56 && c <= 63).toBe(true);
    }
    expect(PRIVATE_NETWORK.prefix).toBe('192.168.56.');
    expect(vmPlan('vagrant-libvirt', HOSTS, KEY).addresses).toEqual({ master: '192.168.56.10', worker: '192.168.56.11' });
  });
});

describe('the fallbacks from the documentation (used where the tools are not installed)', () => {
  it('accept every generated file and refuse broken ones', () => {
    for (const f of [...vmPlan('multipass', HOSTS, KEY).files, ...vmPlan('cloud', HOSTS, KEY).files].filter((x) => x.kind === 'cloud-config')) {
      expect(validateCloudConfig(f.name, f.text, false)).toEqual({ by: 'the documented schema', problems: '' });
    }
    expect(validateCloudConfig('b.yaml', '#cloud-config\nssh_authorized_keys: 5\n', false).problems).toMatch(/ssh_authorized_keys/);
    expect(validateCloudConfig('c.yaml', 'hostname: x\n', false).problems).toMatch(/#cloud-config/);
    for (const provider of ['virtualbox', 'libvirt'] as const) expect(validateVagrantfile(vagrantfile(HOSTS, KEY, provider), false).problems).toBe('');
    expect(validateVagrantfile(vagrantfile(HOSTS, KEY, 'libvirt').replace(/\nend\n$/, '\n'), false).problems).toMatch(/do but/);
  });
});

describe('Multipass commands', () => {
  it('launch each VM with the course\'s name, CPUs and memory, using the cloud-init file, then list them', () => {
    const commands = vmPlan('multipass', HOSTS, KEY).files.find((f) => f.kind === 'commands')!.text.trim().split('\n');
    expect(commands).toEqual([
      'multipass launch 22.04 --name kube-master --cpus 2 --memory 4G --disk 20G --cloud-init k8s-cloud-init.yaml',
      'multipass launch 22.04 --name kube-worker --cpus 1 --memory 1G --disk 20G --cloud-init k8s-cloud-init.yaml',
      'multipass list',
    ]);
    expect(vmPlan('multipass', HOSTS, KEY).addresses).toBeUndefined();
  });
});

describe('public keys and pasted addresses', () => {
  it('takes one OpenSSH public key line and refuses private keys and other text', () => {
    expect(publicKeyProblem(KEY)).toBeUndefined();
    expect(publicKeyProblem('ecdsa-sha2-nistp256 AAAAE2VjZHNh')).toBeUndefined();
    expect(publicKeyProblem('')).toMatch(/paste your public key/);
    expect(publicKeyProblem('-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----')).toMatch(/private key/);
    expect(publicKeyProblem(`${KEY}\n${KEY}`)).toMatch(/single line/);
    expect(publicKeyProblem('hello world')).toMatch(/not an OpenSSH public key/);
  });

  it('reads `multipass list` (extra addresses on their own lines are ignored)', () => {
    const list = [
      'Name                    State             IPv4             Image',
      'kube-master             Running           10.53.106.20     Ubuntu 22.04 LTS',
      '                                          172.17.0.1',
      'kube-worker             Running           10.53.106.21     Ubuntu 22.04 LTS',
      'other                   Running           10.53.106.99     Ubuntu 24.04 LTS',
    ].join('\n');
    expect(parseAddresses(list, HOSTS)).toEqual({ master: { address: '10.53.106.20' }, worker: { address: '10.53.106.21' } });
  });

  it('reads a cloud\'s "name public private" lines; a VM without an address is left out', () => {
    expect(parseAddresses('kube-master 203.0.113.5 10.0.0.5\nkube-worker  pending', HOSTS)).toEqual({ master: { address: '203.0.113.5', privateIp: '10.0.0.5' } });
    expect(parseAddresses('kube-masterx 10.0.0.1', HOSTS)).toEqual({});
  });
});
