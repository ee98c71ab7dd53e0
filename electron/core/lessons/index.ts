// The lesson engine's public API.
export { loadCourse, type LoadedCourse } from './load-course';
export { COURSE_CACHE_FILE, loadCourseCached } from './course-cache';
export { lintCourse } from './lint-course';
export { locateCourse, assetsDirFor, courseArgument, type CourseDirs } from './course-dir';
export { COURSE_ASSETS_PREFIX } from './paths';
export { LINT_RULES, sortProblems, type LintRule } from './problems';
export { parseFenceInfo, isRunnable, RUNNABLE_LANGUAGES, type FenceInfo } from './fence-info';
export { formatProblem } from '../../../common/course';
