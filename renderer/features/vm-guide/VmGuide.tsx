// "Create the two VMs": the files or commands for Multipass, Vagrant (VirtualBox or libvirt)
// or a cloud, generated from course.yaml's host table and the learner's public key, to copy
// or save. Where the addresses are known before launch (Vagrant) it fills the Hosts forms;
// where they appear only after launch it says how to read them and takes them pasted.
import { useEffect, useId, useMemo, useState } from 'react';
import type { CourseHost } from '../../../common/course';
import { SegmentedChoice } from '../../ui/SegmentedChoice';
import { CopyButton } from '../blocks/CopyButton';
import { describeMinimum } from '../hosts/host-report';
import { useHostsStore } from '../hosts/hosts-store';
import { IMAGES, VM_TOOLS, type VmFile, type VmTool, parseAddresses, publicKeyProblem, vmPlan } from './vm-files';

const DEFAULT_KEY_PATH = '~/.ssh/id_ed25519';

/** The words around the files: what to do with them, and where the addresses come from. */
const HOW: Record<VmTool, { steps: string[]; addresses: string }> = {
  multipass: {
    steps: [
      'Save the cloud-init file in a folder, open a terminal there and run the launch commands.',
      'On a Mac with Apple Silicon, Multipass creates arm64 VMs: the course uses their arm64 archives.',
    ],
    addresses: 'Multipass gives the addresses at launch: paste what `multipass list` prints (or `multipass info kube-master`).',
  },
  'vagrant-virtualbox': {
    steps: [
      'Save this as Vagrantfile in an empty folder and run the command there.',
      `The box ${IMAGES['vagrant-virtualbox']} has amd64 and arm64 builds (VirtualBox 7.1 runs arm64 VMs on Apple Silicon).`,
    ],
    addresses: 'The VMs get fixed addresses on a host-only network (VirtualBox allows 192.168.56.0/21 by default).',
  },
  'vagrant-libvirt': {
    steps: [
      'Install the vagrant-libvirt plugin, save this as Vagrantfile in an empty folder and run the command there.',
      `The box ${IMAGES['vagrant-libvirt']} is amd64.`,
    ],
    addresses: 'The VMs get fixed addresses on a private libvirt network.',
  },
  cloud: {
    steps: [
      'Create one VM per file with Ubuntu 22.04 (amd64 or arm64) and at least the sizes below, and paste the file as its user data (“cloud-init”, “custom data” or “startup script” in the console).',
      'Put both VMs in one private network, and let the security group allow all traffic between them.',
    ],
    addresses: 'The addresses appear in the console once the VMs run: paste one line per VM, “name public-IP private-IP” (e.g. kube-master 203.0.113.5 10.0.0.5).',
  },
};

function saveFile(file: VmFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name === 'Launch commands' || file.name === 'Commands' ? 'commands.sh' : file.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function FileView({ file, idBase }: { file: VmFile; idBase: string }) {
  const codeId = `${idBase}-${file.name.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return (
    <figure className="vm-guide__file" data-testid="vm-file" data-file={file.name} data-kind={file.kind}>
      <figcaption className="vm-guide__file-head">
        <code className="vm-guide__file-name">{file.name}</code>
        <span className="vm-guide__file-actions">
          <CopyButton text={file.text} codeId={codeId} />
          {file.kind !== 'commands' && (
            <button type="button" className="button button--small" onClick={() => saveFile(file)} data-testid="vm-file-save">
              Save…
            </button>
          )}
        </span>
      </figcaption>
      <pre className="vm-guide__code">
        <code id={codeId}>{file.text}</code>
      </pre>
    </figure>
  );
}

export function VmGuide({ hosts }: { hosts: readonly CourseHost[] }) {
  const idBase = useId();
  const [tool, setTool] = useState<VmTool>('multipass');
  const [publicKey, setPublicKey] = useState('');
  const [keyPath, setKeyPath] = useState(DEFAULT_KEY_PATH);
  const [pasted, setPasted] = useState('');
  const [filled, setFilled] = useState<string | null>(null);
  const editDraft = useHostsStore((s) => s.editDraft);

  const keyProblem = publicKeyProblem(publicKey);
  const plan = useMemo(() => (keyProblem ? null : vmPlan(tool, hosts, publicKey)), [tool, hosts, publicKey, keyProblem]);
  const parsed = useMemo(() => parseAddresses(pasted, hosts), [pasted, hosts]);
  useEffect(() => setFilled(null), [tool]);

  /** Puts the addresses into the Hosts forms (drafts: Test connection saves them). */
  const fill = (addresses: Record<string, { address: string; privateIp?: string }>) => {
    const done: string[] = [];
    for (const h of hosts) {
      const a = addresses[h.role];
      if (!a) continue;
      editDraft(h.role, { address: a.address, privateIp: a.privateIp ?? '', port: '22', user: 'root', auth: 'key', keyPath: keyPath.trim() || DEFAULT_KEY_PATH, password: '', passphrase: '' });
      done.push(`${h.hostname} ${a.address}${a.privateIp ? ` (private ${a.privateIp})` : ''}`);
    }
    setFilled(done.length ? `Filled in: ${done.join(', ')}. Test each connection next.` : null);
  };

  const how = HOW[tool];
  const missing = hosts.filter((h) => !parsed[h.role]).map((h) => h.hostname);

  return (
    <section className="vm-guide" data-testid="vm-guide" aria-label="Create the VMs">
      <p className="vm-guide__intro">
        The app writes what creates {hosts.length === 2 ? 'both' : 'the'} VMs with the course’s names and sizes, your key for root and swap off:
      </p>
      <ul className="vm-guide__sizes" data-testid="vm-guide-sizes">
        {hosts.map((h) => (
          <li key={h.role}>
            <strong>{h.hostname}</strong>: {describeMinimum(h.minimum)}
          </li>
        ))}
      </ul>

      <SegmentedChoice<VmTool> legend="Create them with" name={`${idBase}-tool`} options={VM_TOOLS} value={tool} onChange={setTool} testId="vm-guide-tool" className="vm-guide__tool" />

      <div className="vm-guide__key">
        <label htmlFor={`${idBase}-key`}>Your public key (the one line of ~/.ssh/id_ed25519.pub; create one with <code>ssh-keygen -t ed25519</code>)</label>
        <textarea
          id={`${idBase}-key`}
          className="vm-guide__key-input"
          rows={2}
          spellCheck={false}
          value={publicKey}
          onChange={(e) => setPublicKey(e.target.value)}
          placeholder="ssh-ed25519 AAAA… you@laptop"
          aria-invalid={publicKey !== '' && keyProblem !== undefined}
          aria-describedby={`${idBase}-key-problem`}
          data-testid="vm-guide-key"
        />
        <p id={`${idBase}-key-problem`} className={publicKey === '' ? 'vm-guide__hint' : 'vm-guide__problem'} data-testid="vm-guide-key-problem">
          {keyProblem ?? ''}
        </p>
        <label htmlFor={`${idBase}-keypath`}>Its private key on this computer, for the Hosts forms</label>
        <input id={`${idBase}-keypath`} type="text" className="vm-guide__keypath" value={keyPath} spellCheck={false} onChange={(e) => setKeyPath(e.target.value)} data-testid="vm-guide-keypath" />
      </div>

      {plan && (
        <>
          <ol className="vm-guide__steps">
            {how.steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
          {plan.files.map((f) => (
            <FileView key={f.name} file={f} idBase={idBase} />
          ))}
          <p className="vm-guide__addresses">{how.addresses}</p>
          {plan.addresses ? (
            <button type="button" className="button button--primary" onClick={() => fill(Object.fromEntries(Object.entries(plan.addresses!).map(([r, a]) => [r, { address: a }])))} data-testid="vm-guide-fill">
              Fill the Hosts forms with {Object.values(plan.addresses).join(' and ')}
            </button>
          ) : (
            <div className="vm-guide__paste">
              <label htmlFor={`${idBase}-paste`}>{tool === 'multipass' ? 'What multipass list printed' : 'One line per VM: name, public IP, private IP'}</label>
              <textarea id={`${idBase}-paste`} rows={4} spellCheck={false} value={pasted} onChange={(e) => setPasted(e.target.value)} data-testid="vm-guide-paste" />
              <button type="button" className="button button--primary" disabled={Object.keys(parsed).length === 0} onClick={() => fill(parsed)} data-testid="vm-guide-fill">
                Fill the Hosts forms
              </button>
              {pasted.trim() !== '' && missing.length > 0 && <p className="vm-guide__hint">No address found for {missing.join(', ')}.</p>}
            </div>
          )}
          {filled && (
            <p className="vm-guide__filled" role="status" data-testid="vm-guide-filled">
              {filled}
            </p>
          )}
        </>
      )}
    </section>
  );
}
