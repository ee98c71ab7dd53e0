// Shown in the main column when no VM is configured yet: "Connect your two VMs", one
// step at a time (what you need, creating the VMs, then each role's form with Test
// connection). "Later"
// (or opening any lesson) puts it away for the session; the Hosts screen has the same forms.
import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import type { Course } from '../../../common/course';
import { useUiStore } from '../../app/ui-store';
import { ArrowLeftIcon, ArrowRightIcon } from '../../ui/icons';
import { hostTone } from '../lessons/lessons';
import { HostCard } from './HostCard';
import { SecretNote } from './SecretNote';
import { StatusDot } from './StatusDot';
import { describeMinimum } from './host-report';
import { useHostStatus } from './useHostStatus';

// The VM guide (with the YAML library for its cloud-init files) is the second step: a chunk of
// its own, so that the first start does not load it.
const VmGuide = lazy(async () => ({ default: (await import('../vm-guide/VmGuide')).VmGuide }));

function StepTab({ label, index, current, onSelect, role }: { label: string; index: number; current: boolean; onSelect(): void; role?: string }) {
  const status = useHostStatus(role ?? '');
  return (
    <li className="first-run__tab">
      <button
        type="button"
        className={current ? 'first-run__tab-button first-run__tab-button--current' : 'first-run__tab-button'}
        aria-current={current ? 'step' : undefined}
        onClick={onSelect}
        data-testid={`first-run-step-${index + 1}`}
      >
        <span className="first-run__tab-number" aria-hidden="true">
          {index + 1}
        </span>
        <span>{label}</span>
        {role && <StatusDot role={role} status={status} />}
      </button>
    </li>
  );
}

export function FirstRunGuide({ course }: { course: Course }) {
  const [step, setStep] = useState(0);
  const dismiss = useUiStore((s) => s.dismissFirstRun);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const hosts = course.hosts;
  /** Steps before the hosts' own: what you need, and creating the VMs. */
  const before = 2;
  const last = hosts.length + before - 1;
  const current = step < before ? null : hosts[step - before];

  // After Next/Back, move focus to the new step's heading.
  useEffect(() => {
    if (moved.current) headingRef.current?.focus({ preventScroll: true });
    document.getElementById('lesson-content')?.scrollTo({ top: 0 });
  }, [step]);

  const go = (to: number) => {
    moved.current = true;
    setStep(to);
  };

  const labels = ['What you need', 'Create the VMs', ...hosts.map((h) => `Connect ${h.hostname}`)];

  return (
    <main id="lesson-content" className="main" data-testid="first-run" tabIndex={-1}>
      <div className="main__inner first-run">
        <header className="first-run__header">
          <p className="first-run__eyebrow">Before the lessons that build</p>
          <h1 id="lesson-title" className="first-run__title" tabIndex={-1}>
            {hosts.length === 1 ? 'Connect your VM' : `Connect your ${hosts.length === 2 ? 'two' : hosts.length} VMs`}
          </h1>
          <p className="first-run__intro">
            You build the cluster by hand on machines of your own. Tell the app how to reach them, and it opens their terminals and checks your work.
            The first lessons need no VM: you can do this later.
          </p>
          <button type="button" className="button first-run__later" data-testid="first-run-later" onClick={dismiss}>
            Later — let me read first
          </button>
        </header>

        <nav aria-label="Steps">
          <ol className="first-run__tabs">
            {labels.map((label, i) => (
              <StepTab key={label} label={label} index={i} current={i === step} onSelect={() => go(i)} role={i < before ? undefined : hosts[i - before]?.role} />
            ))}
          </ol>
        </nav>

        <section className="first-run__step" aria-labelledby="first-run-step-title">
          <h2 id="first-run-step-title" className="first-run__step-title" ref={headingRef} tabIndex={-1}>
            Step {step + 1} of {labels.length}: {labels[step]}
          </h2>

          {step === 0 ? (
            <>
              <p>
                {hosts.length === 2 ? 'Two' : hosts.length} Linux virtual machines (Debian or Ubuntu work well), each with an SSH server and a user who may
                use sudo (ubuntu, vagrant: the one your VM image gives you) or root, on a network where they reach each other:
              </p>
              <ul className="first-run__needs" data-testid="first-run-needs">
                {hosts.map((h) => (
                  <li key={h.role} className={`first-run__need host-tone-${hostTone(course, h.role)}`}>
                    <span className="first-run__need-name">
                      <span className="host-card__role">{h.role}</span>
                      <strong>{h.hostname}</strong>
                    </span>
                    <span className="first-run__need-min">at least {describeMinimum(h.minimum)}</span>
                    {h.description && <span className="first-run__need-desc">{h.description}</span>}
                  </li>
                ))}
              </ul>
              <p className="first-run__tip">
                Keep each VM’s console open (in VirtualBox, UTM, Hyper-V…): you will use it once to compare its host key with what the app sees.
              </p>
              <SecretNote />
            </>
          ) : step === 1 ? (
            <>
              <p>Already have them? Go on to the next step. Otherwise the app writes what creates them:</p>
              <Suspense fallback={null}>
                <VmGuide hosts={hosts} />
              </Suspense>
            </>
          ) : (
            current && <HostCard host={current} tone={hostTone(course, current.role)} headingLevel={3} />
          )}

          <div className="first-run__nav">
            {step > 0 && (
              <button type="button" className="button" onClick={() => go(step - 1)}>
                <ArrowLeftIcon />
                Back
              </button>
            )}
            {step < last ? (
              <button type="button" className="button button--primary" data-testid="first-run-next" onClick={() => go(step + 1)}>
                {step === 0 ? 'Next: create or connect them' : `Next: ${labels[step + 1]}`}
                <ArrowRightIcon />
              </button>
            ) : (
              <button type="button" className="button button--primary" data-testid="first-run-done" onClick={dismiss}>
                Done: go to the lessons
              </button>
            )}
          </div>
        </section>
      </div>
    </main>
  );
}
