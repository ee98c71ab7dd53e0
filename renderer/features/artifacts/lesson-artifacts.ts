// A lesson whose commands use a course release archive gets the offline-archives panel
// (download or import once on this computer, upload to VMs without internet).
import type { Course, Lesson } from '../../../common/course';

export function usesArtifacts(course: Pick<Course, 'artifacts'>, lesson: Pick<Lesson, 'blocks'>): boolean {
  const names = course.artifacts.map((a) => a.dest.split('/').at(-1) ?? a.dest);
  return lesson.blocks.some((b) => names.some((n) => b.code.includes(n)));
}
