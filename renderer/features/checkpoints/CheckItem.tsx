// One check: its title and host, then what the last run found. A failure shows core's exact
// message (expected vs found) and the hint; a host that could not be reached, a timeout
// and a broken check each say so in their own words; a warning shows even on a pass;
// journal lines fold away.
import { useId } from 'react';
import { type CheckSpec, type Course, hostRole } from '../../../common/course';
import { unwatchedReason } from '../../../common/live-checks';
import { WarningIcon } from '../../ui/icons';
import { HostBadge } from '../hosts/HostBadge';
import { describeHost } from '../lessons/lessons';
import { OutcomeIcon } from './OutcomeIcon';
import { type CheckTone, type ShownResult, errorText, formatDuration, outcomeLabel, passNote, timeoutText, unreachableText } from './check-outcomes';

interface Props {
  course: Course;
  spec: CheckSpec;
  result: ShownResult | undefined;
  running: boolean;
}

/** Core's exact message for the outcome, if it gave one. */
function Message({ text, quiet = false }: { text: string | undefined; quiet?: boolean }) {
  if (!text) return null;
  return (
    <p className={quiet ? 'check-item__message check-item__message--quiet' : 'check-item__message'} data-testid="check-message">
      {text}
    </p>
  );
}

function Hint({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <p className="check-item__hint" data-testid="check-hint">
      <strong>Hint:</strong> {text}
    </p>
  );
}

export function CheckItem({ course, spec, result, running }: Props) {
  const uid = useId();
  const tone: CheckTone = running ? 'running' : (result?.outcome ?? 'unchecked');
  const hostname = describeHost(course, hostRole(course, spec.host)).hostname;
  const duration = !running ? formatDuration(result?.durationMs) : undefined;
  const shown = running ? undefined : result;
  const unwatched = unwatchedReason(spec);

  return (
    <li
      className={`check-item check-item--${tone}`}
      data-testid="check-item"
      data-check-id={spec.id}
      data-outcome={tone}
      aria-busy={running ? true : undefined}
      aria-labelledby={`${uid}-title`}
      aria-describedby={`${uid}-outcome`}
    >
      <span className="check-item__icon">
        <OutcomeIcon tone={tone} />
      </span>
      <div className="check-item__body">
        <div className="check-item__head">
          <span id={`${uid}-title`} className="check-item__title">
            {spec.title ?? spec.id}
          </span>
          <HostBadge course={course} role={spec.host} size="small" />
        </div>
        <p id={`${uid}-outcome`} className="check-item__outcome">
          <span className="check-item__word">{outcomeLabel(tone)}</span>
          {duration && <span className="check-item__duration"> · {duration}</span>}
          {unwatched && (
            <span className="check-item__duration" data-testid="check-unwatched" title={`Not re-checked in the background: ${unwatched}`}>
              {' '}
              · only on Check my work
            </span>
          )}
        </p>

        {shown?.outcome === 'pass' && passNote(shown.message) && <p className="check-item__note">{passNote(shown.message)}</p>}

        {shown?.outcome === 'fail' && (
          <>
            <Message text={shown.message} />
            <Hint text={shown.hint} />
          </>
        )}

        {shown?.outcome === 'unreachable' && (
          <>
            <p className="check-item__explain">{unreachableText(hostname)}</p>
            <Message text={shown.message} quiet />
          </>
        )}

        {shown?.outcome === 'timeout' && (
          <>
            <p className="check-item__explain">{timeoutText(hostname)}</p>
            <Message text={shown.message} />
            <Hint text={shown.hint} />
          </>
        )}

        {shown?.outcome === 'error' && (
          <>
            <p className="check-item__explain">{errorText()}</p>
            <Message text={shown.message} quiet />
          </>
        )}

        {shown?.warning && (
          <p className="check-item__warning" data-testid="check-warning">
            <WarningIcon />
            <span>
              <span className="visually-hidden">Note: </span>
              {shown.warning}
            </span>
          </p>
        )}

        {shown?.details && shown.details.length > 0 && (
          <details className="check-item__details" data-testid="check-details">
            <summary>
              {shown.outcome === 'pass' ? 'Details' : 'What the machine said'} ({shown.details.length} {shown.details.length === 1 ? 'line' : 'lines'})
            </summary>
            <pre>{shown.details.join('\n')}</pre>
          </details>
        )}
      </div>
    </li>
  );
}
