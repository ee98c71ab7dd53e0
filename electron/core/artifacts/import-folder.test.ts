// Where an import finds an archive's checksum in the folder: the per-file checksum first,
// then the SUMS list; a missing or useless one says what to put there. (The import itself
// is tested through the service in artifact-service.test.ts.)
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp-dir';
import { folderChecksum } from './import-folder';

const FILE = 'etcd-v3.5.4-linux-amd64.tar.gz';
const r = { fileName: FILE, algorithm: 'sha256' as const };
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

let folder: string;
useTempDir('import-folder', (path) => (folder = path));

describe('folderChecksum', () => {
  it('prefers <file>.sha256 to SHA256SUMS and keeps the text as found', async () => {
    await writeFile(join(folder, `${FILE}.sha256`), `${sha('a')}\n`);
    await writeFile(join(folder, 'SHA256SUMS'), `${sha('b')}  ${FILE}\n`);
    expect(await folderChecksum(r, folder)).toEqual({ sumText: `${sha('a')}\n`, expected: sha('a') });
  });

  it('falls back to the SUMS list when the per-file checksum does not fit', async () => {
    await writeFile(join(folder, `${FILE}.sha256`), `${sha('a')}  some-other-file\n${sha('x')}  another\n`);
    await writeFile(join(folder, 'SHA256SUMS'), `${sha('b')}  ${FILE}\n`);
    expect(await folderChecksum(r, folder)).toMatchObject({ expected: sha('b') });
  });

  it('says what to put next to the archive, and why what is there does not do', async () => {
    await expect(folderChecksum(r, folder)).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: `${FILE} is in the folder but its checksum is not (put ${FILE}.sha256 or SHA256SUMS next to it)`,
    });
    await writeFile(join(folder, 'SHA256SUMS'), `${sha('a')}  other\n`);
    await expect(folderChecksum(r, folder)).rejects.toThrow(`next to it): SHA256SUMS does not list ${FILE}`);
  });
});
