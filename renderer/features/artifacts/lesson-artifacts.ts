// A lesson whose commands use a course release archive gets the offline-archives panel
// (download or import once on this computer, upload to VMs without internet).
import type { Course, Lesson } from '../../../common/course';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The archive's file name as lessons write it: course.yaml's `{{arch}}` (the architecture of
 * the VM the archive goes to) appears in a lesson as that VM's own `{{ROLE.arch}}`.
 */
function archiveName(dest: string): RegExp {
  const name = dest.split('/').at(-1) ?? dest;
  return new RegExp(escapeRegExp(name).replace(escapeRegExp('{{arch}}'), String.raw`\{\{\s*[\w-]+\.arch\s*\}\}`));
}

export function usesArtifacts(course: Pick<Course, 'artifacts'>, lesson: Pick<Lesson, 'blocks'>): boolean {
  const names = course.artifacts.map((a) => archiveName(a.dest));
  return lesson.blocks.some((b) => names.some((n) => n.test(b.code)));
}
