// A runnable block: where it runs, what it does, Copy and Run, then the code.
import { useState } from 'react';
import type { Course, CommandBlock as Block } from '../../common/course';
import { useApi } from '../api-context';
import { errorMessage, isNotImplemented } from '../lib/errors';
import { describeHost, hostTone } from '../lib/lessons';
import { CodeWithVariables } from './CodeWithVariables';
import { CopyButton } from './CopyButton';
import { HostBadge } from './HostBadge';
import { PlayIcon } from './icons';

type RunStatus = { kind: 'idle' } | { kind: 'running' } | { kind: 'info' | 'error'; message: string };

export function CommandBlock({ course, block }: { course: Course; block: Block }) {
  const api = useApi();
  const [run, setRun] = useState<RunStatus>({ kind: 'idle' });
  const { hostname } = describeHost(course, block.host);
  const title = block.title ?? `Commands for ${hostname}`;
  const codeId = `code-${block.lessonId}-${block.id}`;

  const onRun = () => {
    if (run.kind === 'running') return;
    setRun({ kind: 'running' });
    api.runBlock(block.lessonId, block.id).then(
      () => setRun({ kind: 'idle' }),
      (err: unknown) =>
        setRun(
          isNotImplemented(err)
            ? {
                kind: 'info',
                message: `Running commands arrives with the terminal milestone. For now, copy the command and paste it into a terminal on ${hostname}.`,
              }
            : { kind: 'error', message: `Could not run this block: ${errorMessage(err)}` },
        ),
    );
  };

  const message = run.kind === 'info' || run.kind === 'error' ? run.message : run.kind === 'running' ? 'Sending to the terminal…' : '';

  return (
    <div
      className={`command-block host-tone-${hostTone(course, block.host)}`}
      role="group"
      aria-label={`${title} (runs on ${block.host}, ${hostname})`}
      data-testid="command-block"
      data-host={block.host}
      data-block-id={block.id}
    >
      <div className="command-block__header">
        <HostBadge course={course} role={block.host} />
        <span className="command-block__title">{title}</span>
        <span className="command-block__actions">
          <CopyButton text={block.code} codeId={codeId} />
          <button
            type="button"
            className="button button--small button--run"
            aria-busy={run.kind === 'running' ? true : undefined}
            onClick={onRun}
          >
            <PlayIcon />
            <span>Run</span>
          </button>
        </span>
      </div>
      <pre className="command-block__code" id={codeId}>
        <code className={block.lang ? `language-${block.lang}` : undefined}>
          <CodeWithVariables code={block.code} />
        </code>
      </pre>
      <p className={`command-block__message command-block__message--${run.kind}`} role="status">
        {message}
      </p>
    </div>
  );
}
