// A connection test as a checklist: one row per step with an icon, its label and detail.
import type { HostTestReport } from '../../../common/api';
import { StepIcon } from './StepIcon';
import { formatMemory, STEP_STATUS_WORDS, summariseReport } from './host-report';

export function HostTestReportView({ role, hostname, report }: { role: string; hostname: string; report: HostTestReport }) {
  const summary = summariseReport(report, hostname);
  const facts = report.facts;
  return (
    <section
      className={`host-report host-report--${summary.tone}`}
      data-testid={`host-test-report-${role}`}
      data-ok={report.ok ? 'true' : 'false'}
      aria-label={`Connection test of ${hostname}`}
    >
      <p className="host-report__title">
        <StepIcon status={summary.tone} />
        {summary.title}
      </p>
      <ol className="host-report__steps">
        {report.steps.map((step) => (
          <li key={step.id} className={`host-step host-step--${step.status}`} data-testid="host-test-step" data-step={step.id} data-status={step.status}>
            <StepIcon status={step.status} />
            <span className="host-step__text">
              <span className="host-step__label">
                {step.label}
                <span className="visually-hidden">: {STEP_STATUS_WORDS[step.status]}</span>
              </span>
              {step.detail && <span className="host-step__detail">{step.detail}</span>}
            </span>
          </li>
        ))}
      </ol>
      {facts && (
        <p className="host-report__facts">
          {facts.os} {facts.osVersion} · {facts.cpus} {facts.cpus === 1 ? 'CPU' : 'CPUs'} · {formatMemory(facts.memoryMiB)} memory · hostname{' '}
          <code>{facts.hostname}</code> · swap {facts.swapOn ? 'on' : 'off'}
        </p>
      )}
    </section>
  );
}
