// "Take it all down": before a teardown page runs anything, the learner sees every command
// it will run, grouped by machine, with the values filled in. Cancel (or Escape) runs
// nothing. Modal, like the catch-up dialog.
import { useId, useRef } from 'react';
import type { Course } from '../../../common/course';
import { Modal } from '../../ui/Modal';
import { HostBadge } from '../hosts/HostBadge';
import { type TeardownHost, hostList } from './teardown-plan';

interface Props {
  course: Course;
  title: string;
  hosts: TeardownHost[];
  onConfirm(): void;
  onCancel(): void;
}

export function TeardownDialog({ course, title, hosts, onConfirm, onCancel }: Props) {
  const uid = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const total = hosts.reduce((n, h) => n + h.steps.length, 0);

  return (
    <Modal
      className="modal catch-up teardown"
      labelledBy={`${uid}-title`}
      aria-describedby={`${uid}-desc`}
      initialFocus={cancelRef}
      onCancel={onCancel}
      portal
      data-testid="teardown-dialog"
    >
      <h2 id={`${uid}-title`} className="catch-up__title">
        {title}?
      </h2>
      <p id={`${uid}-desc`}>
        The app will run these {total} {total === 1 ? 'block' : 'blocks'} on {hostList(hosts)}, in order, and stop at the first one that fails. They remove
        the cluster and everything it stored; nothing brings it back except building it again.
      </p>
      <div className="catch-up__list" tabIndex={0} role="region" aria-label="Commands that will run">
        {hosts.map((h) => (
          <section key={h.role} className="catch-up__lesson" data-testid="teardown-host" data-host={h.role}>
            <h3 className="catch-up__lesson-title">
              On {h.hostname} <HostBadge course={course} role={h.role} size="small" />
            </h3>
            {h.steps.map((s) => (
              <div key={s.blockId} className="teardown__step" data-testid="teardown-step" data-block-id={s.blockId}>
                <p className="catch-up__step-title">{s.title}</p>
                <pre className="teardown__code">
                  <code>{s.text}</code>
                </pre>
              </div>
            ))}
          </section>
        ))}
      </div>
      <div className="catch-up__actions">
        <button ref={cancelRef} type="button" className="button" data-testid="teardown-cancel" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button button--primary button--danger" data-testid="teardown-confirm" onClick={onConfirm}>
          Run {total} {total === 1 ? 'block' : 'blocks'} and take it all down
        </button>
      </div>
    </Modal>
  );
}
