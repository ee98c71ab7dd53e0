// One lesson: heading (with the lesson's command tools), lock note, prose and command
// blocks in order, completion, pager.
import { ArtifactsPanel } from '../artifacts/ArtifactsPanel';
import { usesArtifacts } from '../artifacts/lesson-artifacts';
import { CommandBlock } from '../blocks/CommandBlock';
import { LessonBlocksBar } from '../blocks/LessonBlocksBar';
import { LessonCompletion } from '../checkpoints/LessonCompletion';
import { PractiseTroubleshooting } from '../drills/PractiseTroubleshooting';
import { LessonPager } from './LessonPager';
import { LessonStateIcon, STATE_WORDS } from './LessonStateIcon';
import { LockedNote } from './LockedNote';
import { MarkdownSegment } from './MarkdownSegment';
import type { SelectedLesson } from './useSelectedLesson';

export function LessonArticle({ course, lesson, state }: SelectedLesson) {
  const blocks = new Map(lesson.blocks.map((b) => [b.id, b]));
  const locked = state === 'locked';
  return (
    <article className="lesson" aria-labelledby="lesson-title" data-lesson-id={lesson.id} data-state={state}>
      <header className="lesson__header">
        <p className={`lesson__state lesson__state--${state}`}>
          <LessonStateIcon state={state} />
          <span aria-hidden="true">{STATE_WORDS[state]}</span>
        </p>
        <h1 id="lesson-title" className="lesson__title" tabIndex={-1}>
          {lesson.title}
        </h1>
        <p className="lesson__section">Tutorial section: {lesson.section}</p>
        {lesson.summary && <p className="lesson__summary">{lesson.summary}</p>}
        <LessonBlocksBar course={course} lesson={lesson} />
      </header>

      {locked && <LockedNote course={course} lesson={lesson} />}

      <div className="lesson__body">
        {lesson.segments.map((segment, i) => {
          if (segment.kind === 'markdown') return <MarkdownSegment key={i} text={segment.text} />;
          const block = blocks.get(segment.blockId);
          if (!block) {
            return (
              <p key={i} className="missing-block">
                This lesson refers to a command block <code>{segment.blockId}</code> that the course does not contain.
              </p>
            );
          }
          return <CommandBlock key={i} course={course} block={block} />;
        })}
      </div>

      {usesArtifacts(course, lesson) && (
        <section className="lesson-artifacts" aria-label="Release archives for VMs without internet">
          <ArtifactsPanel />
        </section>
      )}

      <LessonCompletion course={course} lesson={lesson} state={state} />
      <PractiseTroubleshooting course={course} lesson={lesson} />
      <LessonPager course={course} lesson={lesson} />
    </article>
  );
}
