// Child process for progress-store.kill.test.ts: counts up in the progress file forever,
// printing "ack N" after each write resolves, until it is killed with SIGKILL.
import { ProgressStore } from './progress-store';

const store = new ProgressStore(process.argv[2] as string);
const { notice } = await store.load();
if (notice) {
  process.stdout.write(`corrupt ${notice}\n`);
  process.exit(2);
}
let n = store.get().lessons.kill?.blocks.counter?.exitCode ?? 0;
process.stdout.write(`start ${n}\n`);
for (;;) {
  n += 1;
  const at = new Date().toISOString();
  await store.update((d) => {
    d.lessons.kill = { checks: {}, blocks: { counter: { exitCode: n, at } } };
    d.settings.lastLessonId = `padding-${'x'.repeat(n % 4000)}`; // vary the file's size
  });
  process.stdout.write(`ack ${n}\n`);
}
