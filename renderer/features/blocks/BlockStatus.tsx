// A block's status line: the live run (running with the time so far, succeeded, failed
// with its exit code and last lines of output, interrupted, blocked with the reason), else
// the result stored from an earlier run.
import { useUiStore } from '../../app/ui-store';
import { CheckIcon, CloseIcon, InfoIcon, WarningIcon } from '../../ui/icons';
import { formatDuration, formatElapsed, isAboutHosts, type LiveRun, runView, type StoredResult, storedSummary, tailLines } from './block-state';
import { useElapsed } from './useElapsed';

interface Props {
  live: LiveRun | undefined;
  stored: StoredResult | undefined;
  hostname: string;
}

function Spinner() {
  return <span className="block-spinner" aria-hidden="true" />;
}

export function BlockStatus({ live, stored, hostname }: Props) {
  const openHosts = useUiStore((s) => s.openHosts);
  const view = runView(live);
  const elapsed = useElapsed(live?.startedAt, view === 'running');

  if (!live) {
    if (!stored) return null;
    const summary = storedSummary(stored);
    const when = new Date(stored.at);
    return (
      <div className={`block-status block-status--earlier block-status--${summary.outcome}`} data-testid="block-status" data-state="earlier" data-outcome={summary.outcome}>
        <p className="block-status__line" title={Number.isNaN(when.getTime()) ? undefined : `On ${when.toLocaleString()}`}>
          {summary.outcome === 'succeeded' ? <CheckIcon /> : <WarningIcon />}
          <span className="block-status__text">{summary.text}</span>
        </p>
      </div>
    );
  }

  const tail = tailLines(live.tail);
  const took = live.durationMs !== undefined ? ` in ${formatDuration(live.durationMs)}` : '';
  let icon;
  let text: string;
  switch (live.phase) {
    case 'starting':
      icon = <Spinner />;
      text = `Opening the ${hostname} terminal… ${formatElapsed(elapsed)}`;
      break;
    case 'queued':
      icon = <Spinner />;
      text = 'Waiting for its turn…';
      break;
    case 'running':
      icon = <Spinner />;
      text = `Running on ${hostname}… ${formatElapsed(elapsed)}${live.reason ? ` (${live.reason})` : ''}`;
      break;
    case 'succeeded':
      icon = <CheckIcon />;
      text = `Succeeded${took}`;
      break;
    case 'failed':
      icon = <CloseIcon />;
      text =
        live.exitCode === 0 && live.outputMismatch
          ? `Exited 0${took}, but ${live.outputMismatch}`
          : live.exitCode !== undefined
          ? `Failed with exit code ${live.exitCode}${took}`
          : `Failed: ${live.reason ?? 'the run ended without a status'}`;
      break;
    case 'interrupted':
      icon = <InfoIcon />;
      text = `Interrupted${took}`;
      break;
    case 'blocked':
      icon = <WarningIcon />;
      text = `Could not run: ${live.reason ?? 'core refused it'}`;
      break;
  }

  return (
    <div className={`block-status block-status--${view}`} data-testid="block-status" data-state={view}>
      <p className="block-status__line" role={view === 'failed' || view === 'blocked' ? 'alert' : 'status'}>
        {icon}
        <span className="block-status__text">
          {text}
          {view === 'blocked' && isAboutHosts(live.reason) && (
            <>
              {' '}
              <button type="button" className="link-button block-status__hosts" data-testid="block-open-hosts" onClick={openHosts}>
                Open Hosts
              </button>
            </>
          )}
        </span>
      </p>
      {tail.length > 0 && (view === 'failed' || view === 'interrupted') && (
        <details className="block-tail" open={view === 'failed'}>
          <summary>Last {tail.length === 1 ? 'line' : `${tail.length} lines`} of output</summary>
          <pre data-testid="block-tail">{tail.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}
