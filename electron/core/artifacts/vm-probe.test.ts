// The uploader's questions to a VM: the commands it sends (paths quoted) and how it reads
// their answers, with a connection that answers from a table.
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../ssh/connection';
import { freeBytes, runOnVm, vmDigest, vmFileSize, vmFileText, type Vm } from './vm-probe';

function vm(answer: (command: string) => Partial<ExecResult>) {
  const sent: Array<{ command: string; timeoutMs?: number }> = [];
  const v: Vm = {
    name: 'kube-master',
    conn: {
      client: {} as Vm['conn']['client'],
      exec: async (command, options) => {
        sent.push({ command, ...(options?.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
        return { code: 0, stdout: '', stderr: '', ...answer(command) };
      },
    },
  };
  return { vm: v, sent };
}

describe('vm probe', () => {
  it('reads the free space from df -Pk, or nothing when df fails', async () => {
    const df = 'Filesystem     1024-blocks    Used Available Capacity Mounted on\n/dev/vda1         20000000 5000000  15000000      25% /\n';
    const { vm: v, sent } = vm(() => ({ stdout: df }));
    expect(await freeBytes(v, '/root/my binaries')).toBe(15_000_000 * 1024);
    expect(sent[0]!.command).toBe("df -Pk -- '/root/my binaries'");
    expect(await freeBytes(vm(() => ({ code: 1, stdout: '' })).vm, '/x')).toBeUndefined();
  });

  it('reads a digest as shaNsum prints it (a leading backslash for odd names), with a long timeout', async () => {
    const { vm: v, sent } = vm(() => ({ stdout: `\\${'AB'.repeat(32)}  /root/odd\\\\name\n` }));
    expect(await vmDigest(v, 'sha256', '/root/f')).toBe('ab'.repeat(32));
    expect(sent[0]).toEqual({ command: 'sha256sum -- /root/f', timeoutMs: 600_000 });
    expect(await vmDigest(vm(() => ({ code: 1 })).vm, 'sha512', '/root/f')).toBeUndefined();
  });

  it('a missing file has no size and empty text', async () => {
    const { vm: v, sent } = vm(() => ({}));
    expect(await vmFileSize(v, '/root/f')).toBeUndefined();
    expect(await vmFileText(v, '/root/f')).toBe('');
    expect(sent.map((s) => s.command)).toEqual(['stat -c %s -- /root/f 2>/dev/null; true', 'cat -- /root/f 2>/dev/null; true']);
    expect(await vmFileSize(vm(() => ({ stdout: '1234\n' })).vm, '/root/f')).toBe(1234);
  });

  it('a failed exec names the VM', async () => {
    const v: Vm = { name: 'kube-worker', conn: { client: {} as Vm['conn']['client'], exec: async () => Promise.reject(new Error('channel open failure')) } };
    await expect(runOnVm(v, 'true')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: 'kube-worker: channel open failure' });
  });
});
