// A troubleshooting drill: the symptom, Start drill (after a confirmation: the app checks
// the lessons it needs afresh, records the drill, then breaks the cluster), then while the
// fault is in: the checks it broke as pass/fail only, hints one at a time, Show me (the
// cause and the fix, with runnable blocks), Undo the fault. Afterwards: the record (time,
// hints) and what the drill did (its inject and undo commands, never shown before).
import { useEffect, useRef, useState } from 'react';
import type { DrillHints } from '../../../common/api';
import { type Course, findLesson, hostRole } from '../../../common/course';
import { type DrillAttempt, type DrillDetails, type DrillSummary, drillState, formatDuration, isCopyStep, provedStates } from '../../../common/drill';
import { useApi } from '../../app/api-context';
import { errorMessage } from '../../app/errors';
import { useUiStore } from '../../app/ui-store';
import { Modal } from '../../ui/Modal';
import { CodeWithVariables } from '../blocks/CodeWithVariables';
import { showTerminalFor } from '../blocks/blocks-store';
import { useVariablesStore } from '../blocks/variables-store';
import { OutcomeIcon } from '../checkpoints/OutcomeIcon';
import { MarkdownSegment } from '../lessons/MarkdownSegment';
import { describeHost } from '../lessons/lessons';
import { useCourseStore } from '../lessons/course-store';
import { applyProgress, useProgressStore } from '../lessons/progress-store';
import { useTerminalsStore } from '../terminals/terminals-store';
import { DRILL_STATE_WORDS, DrillStateIcon } from './DrillStateIcon';

type Busy = 'start' | 'undo' | 'check' | 'hint' | 'answer' | null;

export function DrillView() {
  const id = useUiStore((s) => s.selectedDrillId);
  const course = useCourseStore((s) => s.course);
  const drill = course?.drills?.find((d) => d.id === id);
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => {
    mainRef.current?.scrollTo({ top: 0 });
    document.getElementById('lesson-title')?.focus({ preventScroll: true });
  }, [id]);
  return (
    <main id="lesson-content" className="main" data-testid="drill-view" tabIndex={-1} ref={mainRef}>
      <div className="main__inner">
        {course && drill ? (
          <DrillArticle key={drill.id} course={course} drill={drill} />
        ) : (
          <p className="lesson-status" role="status">This drill is not in the course (any more).</p>
        )}
      </div>
    </main>
  );
}

function DrillArticle({ course, drill }: { course: Course; drill: DrillSummary }) {
  const api = useApi();
  const progress = useProgressStore((s) => s.progress);
  const record = progress?.drills?.[drill.id];
  const state = drillState(drill, progress?.states ?? {}, record);
  const active = record?.active;
  const selectLesson = useUiStore((s) => s.selectLesson);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [hints, setHints] = useState<DrillHints | null>(null);

  // The hints given so far come back after a reload (they are counted in progress).
  const hintsUsed = active?.hintsUsed ?? 0;
  const underWay = active !== undefined;
  useEffect(() => {
    if (!underWay) {
      setHints(null);
      return;
    }
    if (hintsUsed === 0) return;
    api.drillHints(drill.id, false).then(setHints, () => undefined);
  }, [api, drill.id, underWay, hintsUsed]);

  // The cause, the fix and the drill's steps stay in core until earned: Show me during a
  // try, or a try that ended. They are fetched then (and again after a reload).
  const attemptsCount = record?.attempts.length ?? 0;
  const earned = active ? active.answerShown : attemptsCount > 0;
  const [details, setDetails] = useState<DrillDetails | null>(null);
  useEffect(() => {
    if (!earned) {
      setDetails(null);
      return;
    }
    let current = true;
    api.drillDetails(drill.id).then((d) => current && setDetails(d), (err: unknown) => current && setError(errorMessage(err)));
    return () => {
      current = false;
    };
  }, [api, drill.id, earned, attemptsCount]);

  const act = async (what: Exclude<Busy, null>, run: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  const start = () => {
    setConfirming(false);
    void act('start', async () => applyProgress(await api.startDrill(drill.id)));
  };
  const checkStates = provedStates(drill, progress?.lessons ?? {}, record);
  const attempts = record?.attempts ?? [];

  return (
    <article className="lesson drill" aria-labelledby="lesson-title" data-drill-id={drill.id} data-state={state}>
      <header className="lesson__header">
        <p className={`lesson__state drill__state drill__state--${state}`}>
          <DrillStateIcon state={state} />
          <span aria-hidden="true">{DRILL_STATE_WORDS[state]}</span>
        </p>
        <p className="drill__kind">Troubleshooting drill</p>
        <h1 id="lesson-title" className="lesson__title" tabIndex={-1}>
          {drill.title}
        </h1>
      </header>

      <section className="drill__symptom" aria-labelledby="drill-symptom">
        <h2 id="drill-symptom">What you see</h2>
        <MarkdownSegment text={drill.symptom} />
      </section>

      {state === 'locked' && (
        <p className="locked-note" data-testid="drill-locked">
          This drill opens when{' '}
          {drill.requires.map((lid, i) => (
            <span key={lid}>
              {i > 0 && ', '}
              <button type="button" className="link-button" onClick={() => selectLesson(lid)}>
                “{findLesson(course, lid)?.title ?? lid}”
              </button>
            </span>
          ))}{' '}
          {drill.requires.length === 1 ? 'passes' : 'pass'}: it breaks what they built.
        </p>
      )}

      {error && (
        <p className="drill__error" role="alert" data-testid="drill-error">
          {error}
        </p>
      )}

      {!active && state !== 'locked' && (
        <div className="drill__start">
          <button type="button" className="button button--primary" data-testid="drill-start" disabled={busy !== null} onClick={() => setConfirming(true)}>
            {busy === 'start' ? 'Checking your cluster, then breaking it…' : attempts.length ? 'Start the drill again' : 'Start drill'}
          </button>
        </div>
      )}

      {active && (
        <section className="drill__active" aria-labelledby="drill-active-heading" data-testid="drill-active">
          <h2 id="drill-active-heading">The fault is in</h2>
          {active.injectFailed ? (
            <p className="drill__error" role="alert" data-testid="drill-inject-failed">
              Breaking the cluster did not complete: {active.injectFailed}. Undo the fault to put everything back.
            </p>
          ) : (
            <p>
              Investigate in the terminals as you would on a real cluster. The checks below show only whether they pass (their names and
              messages would give the answer away); when all of them pass, the drill is solved.
            </p>
          )}
          <ul className="drill__checks" data-testid="drill-checks">
            {drill.proves.map((p, i) => {
              // Named by lesson and number, not by title: a check's title often says what the fault is.
              const lesson = findLesson(course, p.lessonId);
              const title = `${lesson?.title ?? p.lessonId}: check ${(lesson?.checks.findIndex((c) => c.id === p.checkId) ?? -1) + 1 || '?'}`;
              const s = checkStates[i] ?? 'unknown';
              return (
                <li key={`${p.lessonId}/${p.checkId}`} className={`drill__check drill__check--${s}`} data-testid={`drill-check-${p.checkId}`} data-outcome={s}>
                  <OutcomeIcon tone={s === 'unknown' ? 'unchecked' : s} />
                  <span>{title}</span>
                  <span className="visually-hidden">{s === 'pass' ? ': passes' : s === 'fail' ? ': fails' : ': not checked yet'}</span>
                </li>
              );
            })}
          </ul>
          <div className="drill__actions">
            <button type="button" className="button button--primary" data-testid="drill-check" disabled={busy !== null} onClick={() => void act('check', async () => applyProgress(await api.checkDrill(drill.id)))}>
              {busy === 'check' ? 'Checking…' : 'Check my fix'}
            </button>
            <button
              type="button"
              className="button"
              data-testid="drill-hint"
              disabled={busy !== null || hints?.more === false}
              onClick={() => void act('hint', async () => setHints(await api.drillHints(drill.id, true)))}
            >
              {hintsUsed === 0 ? 'Give me a hint' : hints?.more === false ? 'No more hints' : 'Another hint'}
            </button>
            {/* Authored hints, then what the failing checks say: one more. */}
            <span className="drill__hint-count" data-testid="drill-hint-count">
              {Math.min(hintsUsed, drill.hintCount + 1)} of {drill.hintCount + 1} hints used
            </span>
            <button type="button" className="button" data-testid="drill-show-me" disabled={busy !== null || active.answerShown} onClick={() => void act('answer', async () => applyProgress(await api.showDrillAnswer(drill.id)))}>
              Show me
            </button>
            <button type="button" className="button button--danger" data-testid="drill-undo" disabled={busy !== null} onClick={() => void act('undo', async () => applyProgress(await api.undoDrill(drill.id)))}>
              {busy === 'undo' ? 'Undoing the fault…' : 'Undo the fault'}
            </button>
          </div>
          {hints && (hints.hints.length > 0 || hints.checkMessages) && (
            <ol className="drill__hints" data-testid="drill-hints">
              {hints.hints.map((h, i) => (
                <li key={i}>
                  <MarkdownSegment text={h} />
                </li>
              ))}
              {hints.checkMessages && (
                <li data-testid="drill-check-messages">
                  <p>What the failing checks say:</p>
                  <ul>
                    {hints.checkMessages.length ? hints.checkMessages.map((m, i) => <li key={i}>{m}</li>) : <li>None fails right now: press Check my fix.</li>}
                  </ul>
                </li>
              )}
            </ol>
          )}
          {active.answerShown && details && <Explanation course={course} drillId={drill.id} details={details} />}
        </section>
      )}

      {!active && attempts.length > 0 && (
        <section className="drill__after" aria-labelledby="drill-after-heading" data-testid="drill-after">
          <h2 id="drill-after-heading">Your tries</h2>
          <ul className="drill__attempts">
            {attempts.map((a, i) => (
              <li key={i} data-testid="drill-attempt" data-outcome={a.outcome}>
                {attemptWords(a)}
              </li>
            ))}
          </ul>
          {details && (
            <>
              <Explanation course={course} drillId={drill.id} details={details} />
              <h2>What the drill did</h2>
              <p>These commands broke the cluster, and these put it back (Undo the fault).</p>
              <Steps course={course} title="Breaking it" steps={details.inject} testId="drill-inject" />
              <Steps course={course} title="Undoing it" steps={details.undo} testId="drill-undo-steps" />
            </>
          )}
        </section>
      )}

      {confirming && <ConfirmStart course={course} drill={drill} onStart={start} onCancel={() => setConfirming(false)} />}
    </article>
  );
}

function attemptWords(a: DrillAttempt): string {
  const when = new Date(a.endedAt).toLocaleString();
  const hints = a.hintsUsed === 0 ? 'no hints' : a.hintsUsed === 1 ? '1 hint' : `${a.hintsUsed} hints`;
  if (a.outcome === 'undone') return `${when}: undone after ${formatDuration(a.seconds)} (${hints}${a.answerShown ? ', answer shown' : ''}).`;
  return `${when}: solved in ${formatDuration(a.seconds)} with ${hints}${a.answerShown ? ', after Show me' : ''}.`;
}

function ConfirmStart({ course, drill, onStart, onCancel }: { course: Course; drill: DrillSummary; onStart(): void; onCancel(): void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const lessons = drill.requires.map((id) => `“${findLesson(course, id)?.title ?? id}”`).join(', ');
  const machines = [...new Set(drill.machines.map((host) => describeHost(course, hostRole(course, host)).hostname))].join(' and ');
  return (
    <Modal labelledBy="drill-confirm-title" initialFocus={cancelRef} onCancel={onCancel} className="modal drill-confirm" data-testid="drill-confirm">
      <h2 id="drill-confirm-title">Break your cluster on purpose?</h2>
      <p>
        The app first checks {lessons} again: the drill starts only on a cluster that passes. Then it changes something on{' '}
        {machines}, without showing what. You find it and repair it in the terminals.
      </p>
      <p>
        <strong>Undo the fault</strong> puts everything back at any moment, even after the app restarts.
      </p>
      <div className="modal__actions">
        <button type="button" className="button" ref={cancelRef} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button button--primary" data-testid="drill-confirm-start" onClick={onStart}>
          Break it and start
        </button>
      </div>
    </Modal>
  );
}

/** Show me: the explanation, with the fix's blocks runnable in their hosts' terminals. */
function Explanation({ course, drillId, details }: { course: Course; drillId: string; details: DrillDetails }) {
  const blocks = new Map(details.blocks.map((b) => [b.id, b]));
  return (
    <section className="drill__explanation" aria-label="The cause and the fix" data-testid="drill-explanation">
      {details.segments.map((segment, i) => {
        if (segment.kind === 'markdown') return <MarkdownSegment key={i} text={segment.text} />;
        const block = blocks.get(segment.blockId);
        return block ? <DrillBlock key={i} course={course} drillId={drillId} block={block} /> : null;
      })}
    </section>
  );
}

function DrillBlock({ course, drillId, block }: { course: Course; drillId: string; block: DrillDetails['blocks'][number] }) {
  const api = useApi();
  const values = useVariablesStore((s) => s.values);
  const [status, setStatus] = useState<string | null>(null);
  const target = hostRole(course, block.host);
  const hostname = describeHost(course, target).hostname;
  const run = async () => {
    setStatus('Running…');
    showTerminalFor(target);
    await useTerminalsStore.getState().ensureOpen(target).catch(() => null);
    try {
      const r = await api.runDrillBlock(drillId, block.id);
      setStatus(r.exitCode === 0 ? 'Done (exit code 0).' : `Failed (exit code ${r.exitCode ?? 'none'}): see the terminal.`);
    } catch (err) {
      setStatus(errorMessage(err));
    }
  };
  return (
    <figure className="command-block drill-block" data-testid={`drill-block-${block.id}`}>
      <figcaption className="command-block__header">
        <span className="command-block__title">{block.title ?? `Commands for ${hostname}`}</span>
        <span className="command-block__host">on {hostname}</span>
        <button type="button" className="button button--small" data-testid={`drill-run-${block.id}`} onClick={() => void run()}>
          Run
        </button>
      </figcaption>
      <pre className="command-block__code">
        <code>
          <CodeWithVariables code={block.code} values={values} />
        </code>
      </pre>
      {status && <p className="drill-block__status" role="status">{status}</p>}
    </figure>
  );
}

function Steps({ course, title, steps, testId }: { course: Course; title: string; steps: DrillDetails['inject']; testId: string }) {
  const values = useVariablesStore((s) => s.values);
  return (
    <div className="drill__steps" data-testid={testId}>
      {steps.map((s, i) => (
        <figure key={i} className="command-block">
          <figcaption className="command-block__header">
            <span className="command-block__title">{isCopyStep(s) ? `${title}: files copied from ${describeHost(course, hostRole(course, s.from)).hostname}` : title}</span>
            <span className="command-block__host">{isCopyStep(s) ? 'to' : 'on'} {describeHost(course, hostRole(course, s.host)).hostname}</span>
          </figcaption>
          <pre className="command-block__code">
            <code>
              <CodeWithVariables code={isCopyStep(s) ? s.copy : s.run} values={values} />
            </code>
          </pre>
        </figure>
      ))}
    </div>
  );
}
