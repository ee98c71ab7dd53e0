// Where a block or check runs: the role ("master") and the machine ("kube-master").
import type { Course } from '../../../common/course';
import { describeHost, hostTone } from '../lessons/lessons';

export function HostBadge({ course, role, size = 'normal' }: { course: Course; role: string; size?: 'normal' | 'small' }) {
  const { hostname } = describeHost(course, role);
  const classes = `host-badge host-tone-${hostTone(course, role)}${size === 'small' ? ' host-badge--small' : ''}`;
  return (
    <span className={classes} data-testid="host-badge" data-host={role}>
      <span className="visually-hidden">Runs on </span>
      <span className="host-badge__role">{role}</span>
      <span className="host-badge__host">{hostname}</span>
    </span>
  );
}
