// A runnable block: where it runs, what it does, Copy and Run (or, in typing mode, a guide
// to type it yourself), the code with its variables filled in, and how its run went. A copy
// block lists files the app carries from one VM to the other: it always has Run.
import { useMemo } from 'react';
import { type Course, type CommandBlock as Block, findLesson, hostRole } from '../../../common/course';
import type { VariableValue } from '../../../common/variables';
import { useApi } from '../../app/api-context';
import { PlayIcon } from '../../ui/icons';
import { HostBadge } from '../hosts/HostBadge';
import { describeHost, hostTone } from '../lessons/lessons';
import { useProgressStore } from '../lessons/progress-store';
import { BlockMissing } from './BlockMissing';
import { BlockStatus } from './BlockStatus';
import { CodeWithVariables } from './CodeWithVariables';
import { CopyButton } from './CopyButton';
import { TypingGuide } from './TypingGuide';
import { blockKey, runView } from './block-state';
import { commandUnits, unitsDone } from './block-typing';
import { copyText, listPlaceholders, missingVariables } from './block-variables';
import { interruptBlock, runBlock, showTerminalFor, useBlocksStore } from './blocks-store';
import { useVariablesStore } from './variables-store';

const NO_MISSING: VariableValue[] = [];

function StopIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <rect x="4" y="4" width="8" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}

export function CommandBlock({ course, block }: { course: Course; block: Block }) {
  const api = useApi();
  const key = blockKey(block.lessonId, block.id);
  const values = useVariablesStore((s) => s.values);
  const live = useBlocksStore((s) => s.runs[key]);
  const typing = useBlocksStore((s) => s.typing[key]);
  const stored = useProgressStore((s) => s.progress?.lessons[block.lessonId]?.blocks[block.id]);
  // A teardown page's blocks run only together, after the confirmation in the lesson header.
  const teardown = findLesson(course, block.lessonId)?.teardown === true;
  const typingMode = useProgressStore((s) => s.progress?.settings.typingMode ?? false) && !teardown;

  const target = hostRole(course, block.host);
  const { hostname } = describeHost(course, block.host);
  const targetName = describeHost(course, target).hostname;
  const title = block.title ?? `Commands for ${hostname}`;
  /** A copy block's source machine (the files go to `hostname`). */
  const copyFrom = block.copyFrom !== undefined ? describeHost(course, block.copyFrom).hostname : undefined;
  const guided = typingMode && copyFrom === undefined;
  const codeId = `code-${block.lessonId}-${block.id}`;

  const missing = useMemo(() => (values ? missingVariables(block.code, values) : NO_MISSING), [block.code, values]);
  const copy = useMemo(() => copyText(block.code, values), [block.code, values]);
  const copyNote = copy.resolved
    ? undefined
    : copy.missing.length
      ? `Copied as written: fill in ${listPlaceholders(copy.missing)} yourself`
      : 'Copied as written: the values are still loading';

  // Typing mode: the block's commands as core compares them, and which were typed.
  const units = useMemo(() => {
    if (!guided || !copy.resolved) return undefined;
    return unitsDone(commandUnits(copy.text), typing?.matched ?? [], stored?.typed === true);
  }, [guided, copy, typing, stored]);

  const view = runView(live);
  const running = view === 'running';
  const blocked = missing.length > 0;

  const onRun = () => {
    if (running || blocked) return;
    void runBlock(api, course, block);
  };

  return (
    <div
      className={`command-block host-tone-${hostTone(course, block.host)}${guided ? ' command-block--typing' : ''}`}
      role="group"
      aria-label={copyFrom ? `${title} (copies files from ${copyFrom} to ${hostname})` : `${title} (runs on ${block.host}, ${hostname})`}
      data-testid="command-block"
      data-host={block.host}
      data-block-id={block.id}
      data-run-state={view}
      data-result={stored ? (stored.exitCode === 0 ? 'succeeded' : 'failed') : undefined}
      data-typed={stored?.typed ? (stored.corrected ? 'corrected' : 'right') : undefined}
    >
      <div className="command-block__header">
        <HostBadge course={course} role={block.host} />
        <span className="command-block__title">{title}</span>
        <span className="command-block__actions">
          <CopyButton text={copy.text} codeId={codeId} testId="block-copy" note={copyNote} />
          {teardown && !running && (
            <span className="command-block__teardown-note" data-testid="block-teardown-note">
              Runs with the others, after you confirm
            </span>
          )}
          {!guided &&
            (running ? (
              <button
                type="button"
                className="button button--small button--interrupt"
                data-testid="block-interrupt"
                onClick={() => void interruptBlock(api, course, block)}
                disabled={live?.phase === 'starting'}
                title={`Send Ctrl-C to the ${targetName} terminal`}
              >
                <StopIcon />
                <span>Interrupt</span>
              </button>
            ) : teardown ? null : (
              <button
                type="button"
                className="button button--small button--run"
                data-testid="block-run"
                onClick={onRun}
                disabled={blocked}
                title={blocked ? 'Some values this block needs are not set yet' : copyFrom ? `Copy these files from ${copyFrom} to ${targetName}, then check them in its terminal` : `Run in the ${targetName} terminal`}
              >
                <PlayIcon />
                <span>Run</span>
              </button>
            ))}
        </span>
      </div>
      {copyFrom && (
        <p className="command-block__copy-route" data-testid="block-copy-route">
          The app copies these files from <strong>{copyFrom}</strong> to <strong>{targetName}</strong> over its own
          connections, then checks each one in the {targetName} terminal.
        </p>
      )}
      <pre className="command-block__code" id={codeId}>
        <code className={block.lang ? `language-${block.lang}` : undefined}>
          <CodeWithVariables code={block.code} values={values} units={units} />
        </code>
      </pre>
      <BlockMissing missing={missing} />
      {guided && (
        <TypingGuide
          hostname={targetName}
          onFocusTerminal={() => showTerminalFor(target)}
          done={units?.filter(Boolean).length ?? 0}
          total={units?.length ?? 0}
          progress={typing}
          stored={stored}
        />
      )}
      <BlockStatus live={live} stored={stored} hostname={targetName} />
    </div>
  );
}
