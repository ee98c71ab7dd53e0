// The sidebar's way to the Hosts screen: one button, with each course role's status dot.
import type { CourseHost } from '../../../common/course';
import { useUiStore } from '../../app/ui-store';
import { ServerIcon } from '../../ui/icons';
import { useCourseStore } from '../lessons/course-store';
import { StatusDot } from './StatusDot';
import { HOST_STATUS_WORDS } from './host-report';
import { useHostStatus } from './useHostStatus';

const NO_HOSTS: CourseHost[] = [];

function RoleStatus({ host }: { host: CourseHost }) {
  const status = useHostStatus(host.role);
  return (
    <span className="hosts-button__role">
      <StatusDot role={host.role} status={status} testId />
      <span aria-hidden="true">{host.role}</span>
      <span className="visually-hidden">
        {host.role}: {HOST_STATUS_WORDS[status]}
      </span>
    </span>
  );
}

export function HostsButton() {
  const hosts = useCourseStore((s) => s.course?.hosts) ?? NO_HOSTS;
  const current = useUiStore((s) => s.view === 'hosts');
  const openHosts = useUiStore((s) => s.openHosts);
  return (
    <button
      type="button"
      className={current ? 'hosts-button hosts-button--current' : 'hosts-button'}
      data-testid="open-hosts"
      aria-current={current ? 'page' : undefined}
      onClick={openHosts}
    >
      <span className="hosts-button__title">
        <ServerIcon />
        Hosts
      </span>
      <span className="hosts-button__roles">
        {hosts.map((h) => (
          <RoleStatus key={h.role} host={h} />
        ))}
      </span>
    </button>
  );
}
