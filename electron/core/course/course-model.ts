// The course as core's services see it: lesson and block lookup (NOT_FOUND otherwise), the
// role a host name runs on, variable values from the learner's hosts and settings, and
// progress entries. Blocks, checkpoints, artifacts and core share these rules through it.
import type { HostSummary } from '../../../common/api';
import { type CommandBlock, type Course, type Lesson, findLesson, hostRole, hostnameOf } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import type { LessonProgress, ProgressFile } from '../../../common/progress';
import { type VariableValue, resolveVariables, variableValues } from '../../../common/variables';

export interface CourseModelDeps {
  course: Course;
  /** The learner's host profiles (their addresses and users are variables). */
  listHosts(): Promise<HostSummary[]>;
  progress(): ProgressFile;
  /** Applies a change to the stored progress and tells the renderers. */
  updateProgress(change: (draft: ProgressFile) => void): Promise<void>;
}

export interface CourseModel {
  readonly course: Course;
  /** The lesson, or NOT_FOUND. */
  lesson(lessonId: string): Lesson;
  /** The lesson's block, or NOT_FOUND. */
  block(lesson: Lesson, blockId: string): CommandBlock;
  /** The lessons before this one, in course order (NOT_FOUND for an unknown lesson). */
  lessonsBefore(lessonId: string): Lesson[];
  /** The role a block, check or reset step runs on (`any` → the first host). */
  role(host: string): string;
  /** The machine's name for a role, for messages ("kube-master", "this computer"). */
  hostname(role: string): string;
  /** Every variable with its value or the reason it has none. */
  values(): Promise<Map<string, VariableValue>>;
  /** `text` with its variables filled in, or FAILED_PRECONDITION naming what is missing. */
  resolve(text: string, what: string): Promise<string>;
  progress(): ProgressFile;
  updateProgress(change: (draft: ProgressFile) => void): Promise<void>;
  /** Changes a lesson's progress entry, creating it when the lesson has none. */
  updateLesson(lessonId: string, change: (entry: LessonProgress) => void): Promise<void>;
}

/** "{{master.ip}} is not set yet": one missing variable, in the learner's words. */
export function describeMissing(v: VariableValue): string {
  return `{{${v.name}}} ${v.problem ?? 'is not set'}`;
}

/** The lesson's progress entry in a draft, created when missing. */
export function lessonEntry(draft: ProgressFile, lessonId: string): LessonProgress {
  return (draft.lessons[lessonId] ??= { checks: {}, blocks: {} });
}

/** Marks a lesson finished, keeping the first time it was. */
export function markCompleted(entry: LessonProgress): void {
  entry.completedAt ??= new Date().toISOString();
}

export function createCourseModel(deps: CourseModelDeps): CourseModel {
  const { course } = deps;
  const lesson = (lessonId: string): Lesson => {
    const found = findLesson(course, lessonId);
    if (!found) throw new ApiError('NOT_FOUND', `no lesson "${lessonId}" in this course`);
    return found;
  };
  const values = async () => variableValues(course, await deps.listHosts(), deps.progress().settings.variableOverrides);
  return {
    course,
    lesson,
    block(l, blockId) {
      const found = l.blocks.find((b) => b.id === blockId);
      if (!found) throw new ApiError('NOT_FOUND', `no block "${blockId}" in lesson "${l.id}"`);
      return found;
    },
    lessonsBefore(lessonId) {
      return course.lessons.slice(0, course.lessons.indexOf(lesson(lessonId)));
    },
    role: (host) => hostRole(course, host),
    hostname: (role) => hostnameOf(course, role),
    values,
    async resolve(text, what) {
      const r = resolveVariables(text, await values());
      if (r.text !== undefined) return r.text;
      const parts = r.missing.map((m) => `${describeMissing(m)}${m.fix === 'hosts' ? ' (set it in Hosts)' : ''}`);
      throw new ApiError('FAILED_PRECONDITION', `${what} cannot run yet: ${parts.join('; ')}.`);
    },
    progress: () => deps.progress(),
    updateProgress: (change) => deps.updateProgress(change),
    updateLesson: (lessonId, change) => deps.updateProgress((d) => change(lessonEntry(d, lessonId))),
  };
}
