// A course artifact made concrete for the current variable values and one VM: its URLs,
// where it goes on the VM, its files in the library (another version or architecture is
// another file name), and which digest it is checked against.
import { join, posix } from 'node:path';
import type { Architecture, Artifact, Course } from '../../../common/course';
import { messageOf } from '../../../common/errors';
import { variableName } from '../../../common/variables';
import type { CachePaths } from './cache-files';
import type { ChecksumAlgorithm } from './checksums';

/** Where the expected digest comes from: course.yaml's pin, or the release's checksum file. */
export type DigestSource =
  | { kind: 'pinned'; digest: string; version?: string }
  /** `instead`: the pinned version that an override replaced. */
  | { kind: 'checksum-file'; url: string; instead?: string };

export interface Resolved extends CachePaths {
  artifact: Artifact;
  /** The roles (VMs) this file is for. */
  roles: string[];
  /** The VMs' architecture, when the artifact names one ({{arch}}). */
  arch?: Architecture;
  url: string;
  checksumUrl: string;
  dest: string;
  algorithm: ChecksumAlgorithm;
  fileName: string;
  digestSource: DigestSource;
}

/** Fills {{variables}}; throws (FAILED_PRECONDITION) naming what is missing. */
export type ResolveText = (text: string, what: string) => Promise<string>;

/** The file name becomes a path in the library and on the VM: nothing but a plain name. */
const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const ARCH_VARIABLE = /\{\{\s*arch\s*\}\}/g;

/** `{{arch}}` in an artifact is the architecture of the VM it goes to: `{{<role>.arch}}`. */
export const forRole = (text: string, role: string) => text.replace(ARCH_VARIABLE, `{{${variableName.host(role, 'arch')}}}`);
export const namesArch = (a: Artifact) => [a.url, a.checksumUrl, a.dest].some((t) => new RegExp(ARCH_VARIABLE.source).test(t));

export async function resolveArtifact(
  a: Artifact, role: string, course: Pick<Course, 'versions'>, cacheDir: string, resolve: ResolveText,
): Promise<Resolved | { problem: string }> {
  try {
    const what = `The archive "${a.title}"`;
    const url = await resolve(forRole(a.url, role), what);
    const checksumUrl = await resolve(forRole(a.checksumUrl, role), what);
    const dest = await resolve(forRole(a.dest, role), what);
    const arch = namesArch(a) ? (await resolve(`{{${variableName.host(role, 'arch')}}}`, what)) as Architecture : undefined;
    const fileName = posix.basename(dest) || posix.basename(new URL(url).pathname);
    if (!SAFE_FILE.test(fileName)) return { problem: `"${fileName}" is not a plain file name` };
    const path = join(cacheDir, fileName);
    return {
      artifact: a, roles: [role], ...(arch ? { arch } : {}), url, checksumUrl, dest, algorithm: a.algorithm, fileName, path,
      sumPath: `${path}.${a.algorithm}`,
      sourcePath: `${path}.source.json`,
      digestSource: await digestSource(a, arch, course, resolve, checksumUrl),
    };
  } catch (err) {
    return { problem: messageOf(err) };
  }
}

/**
 * The pinned digest while the version it was published for is the one in use (an override,
 * like the lab's etcd 3.4.23, means another release: its checksum file counts then).
 */
async function digestSource(a: Artifact, arch: Architecture | undefined, course: Pick<Course, 'versions'>, resolve: ResolveText, checksumUrl: string): Promise<DigestSource> {
  const pinned = a.pinned;
  const digest = arch && pinned?.digests[arch];
  if (!pinned || !digest) return { kind: 'checksum-file', url: checksumUrl };
  if (pinned.version === undefined) return { kind: 'pinned', digest };
  const inUse = await resolve(`{{${variableName.version(pinned.version)}}}`, `The archive "${a.title}"`);
  const pinnedVersion = course.versions[pinned.version];
  if (inUse === pinnedVersion) return { kind: 'pinned', digest, version: inUse };
  return { kind: 'checksum-file', url: checksumUrl, ...(pinnedVersion ? { instead: pinnedVersion } : {}) };
}

/**
 * The files an artifact stands for: one per distinct resolved file over the roles that need
 * it (a mixed amd64/arm64 pair needs two), or the reasons it cannot be resolved yet.
 */
export async function artifactFiles(
  a: Artifact, course: Pick<Course, 'versions'>, cacheDir: string, resolve: ResolveText,
): Promise<Array<Resolved | { problem: string; roles: string[] }>> {
  const out: Array<Resolved | { problem: string; roles: string[] }> = [];
  for (const role of a.hosts) {
    const r = await resolveArtifact(a, role, course, cacheDir, resolve);
    const same = out.find((o) => ('problem' in r ? 'problem' in o && o.problem === r.problem : 'path' in o && o.path === r.path));
    if (same) same.roles.push(role);
    else out.push('problem' in r ? { problem: r.problem, roles: [role] } : r);
  }
  return out;
}
