// Scaffolds a lesson the linter accepts: `npm run new-lesson -- ID [--title TITLE]
// [--host ROLE] [--course DIR]`. Writes NN-ID.md (front matter, one block, one check and a
// reset that undoes the block) and lists it at the end of course.yaml, keeping its comments.
import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseNodeArgs } from 'node:util';
import { isSeq, parseDocument } from 'yaml';
import { LessonIdSchema, formatProblem } from '../../../common/course';
import { locateCourse } from './course-dir';
import { loadCourse } from './load-course';

const USAGE = 'usage: new-lesson ID [--title TITLE] [--host ROLE] [--course DIR]   (DIR defaults to this project)';

export interface NewLessonOptions {
  id: string;
  title?: string;
  host?: string;
  /** A course folder (see course-dir.ts); the project's own by default. */
  courseDir: string;
}

export interface NewLessonResult {
  file: string;
  /** The linter's verdict on the whole course afterwards. */
  problems: string[];
}

function projectRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/** The lesson's text: every part an author fills in, already valid. */
export function lessonTemplate(id: string, title: string, role: string): string {
  const file = `/tmp/${id}.txt`;
  return `---
id: ${id}
title: ${JSON.stringify(title)}
section: ${JSON.stringify(title)}
summary: One line that says what the learner builds here.
checks:
  - id: ${id}-file
    title: The lesson's file exists on ${role}
    host: ${role}
    kind: file
    path: ${file}
    contains: Hello from
    hint: Run "Say hello" again.
reset:
  - host: ${role}
    run: rm -f ${file}
---
# ${title}

Say why this step matters before saying how. Each fenced \`bash\` block with \`host=\`
gets a Run button; \`{{${role}.hostname}}\` and the other variables are filled in by the app.

\`\`\`bash host=${role} title="Say hello"
echo "Hello from {{${role}.hostname}}" > ${file}
cat ${file}
\`\`\`

## Checkpoint

Press **Check my work**: the app confirms that \`${file}\` exists and says hello.

## If something goes wrong

- Name a symptom the learner would see, its cause, and the fix.
`;
}

export async function newLesson(options: NewLessonOptions): Promise<NewLessonResult> {
  if (!LessonIdSchema.safeParse(options.id).success) throw new Error(`lesson id "${options.id}": use lower-case letters, digits and dashes`);
  const { lessonsDir, assetsDir } = await locateCourse(options.courseDir);
  const coursePath = path.join(lessonsDir, 'course.yaml');
  const doc = parseDocument(await readFile(coursePath, 'utf8'));
  if (doc.errors.length > 0) throw new Error(`${coursePath} is not valid YAML: fix it first (npm run lint:lessons)`);
  const lessons = doc.get('lessons');
  if (!isSeq(lessons)) throw new Error(`${coursePath} has no lessons list`);
  const { course } = await loadCourse(lessonsDir, { assetsDir });
  if (course.lessons.some((l) => l.id === options.id)) throw new Error(`a lesson with id "${options.id}" already exists`);
  const role = options.host ?? course.hosts[0]?.role;
  if (!role) throw new Error(`${coursePath} names no hosts: add one first`);
  if (!course.hosts.some((h) => h.role === role)) throw new Error(`no host role "${role}" in course.yaml (use one of ${course.hosts.map((h) => h.role).join(', ')})`);

  const number = String(lessons.items.length + 1).padStart(2, '0');
  const file = `${number}-${options.id}.md`;
  const lessonPath = path.join(lessonsDir, file);
  if (await access(lessonPath).then(() => true, () => false)) throw new Error(`${lessonPath} already exists`);
  const title = options.title ?? options.id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  await writeFile(lessonPath, lessonTemplate(options.id, title, role), { flag: 'wx' });
  lessons.add(doc.createNode(file));
  await writeFile(coursePath, doc.toString());
  const { problems } = await loadCourse(lessonsDir, { assetsDir });
  return { file: lessonPath, problems: problems.map(formatProblem) };
}

export async function main(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseNodeArgs({
      args: [...args],
      allowPositionals: true,
      options: { title: { type: 'string' }, host: { type: 'string' }, course: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [id, ...extra] = parsed.positionals;
  if (!id || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  try {
    const result = await newLesson({
      id,
      courseDir: parsed.values.course ?? projectRoot(),
      ...(parsed.values.title !== undefined ? { title: parsed.values.title } : {}),
      ...(parsed.values.host !== undefined ? { host: parsed.values.host } : {}),
    });
    console.log(`created ${path.relative(process.cwd(), result.file) || result.file} and listed it in course.yaml`);
    for (const p of result.problems) console.log(p);
    return result.problems.length > 0 ? 1 : 0;
  } catch (err) {
    console.error(`new-lesson: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
