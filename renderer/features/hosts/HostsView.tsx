// The Hosts screen: one card per course role, the ~/.ssh/config import, and where
// secrets go. Replaces the lesson in the main column; the sidebar and terminals stay.
import type { CourseHost } from '../../../common/course';
import { useApi } from '../../app/api-context';
import { useUiStore } from '../../app/ui-store';
import { ScreenView } from '../../ui/ScreenView';
import { useCourseStore } from '../lessons/course-store';
import { hostTone } from '../lessons/lessons';
import { VmGuide } from '../vm-guide/VmGuide';
import { CourseValues } from './CourseValues';
import { HostCard } from './HostCard';
import { SecretNote } from './SecretNote';
import { SshConfigImport } from './SshConfigImport';
import { loadHosts, useHostsStore } from './hosts-store';

const NO_HOSTS: CourseHost[] = [];

export function HostsView() {
  const api = useApi();
  const course = useCourseStore((s) => s.course);
  const hosts = course?.hosts ?? NO_HOSTS;
  const status = useHostsStore((s) => s.status);
  const error = useHostsStore((s) => s.error);
  const focusRequest = useUiStore((s) => s.hostsFocusRequest);
  const showLesson = useUiStore((s) => s.showLesson);
  return (
    <ScreenView name="hosts" testId="hosts-view" className="hosts" titleClassName="hosts__title" title="Your VMs" focusRequest={focusRequest} onBack={showLesson}>
      <p className="hosts__intro">
        The course builds its cluster on {hosts.length === 2 ? 'two' : hosts.length} VMs of your own. Tell the app how to reach each one over
        SSH, then test the connection: it checks that the VM answers, that it is the machine you expect, and that it has enough CPUs and memory.
      </p>
      <SecretNote />

      {status === 'failed' && (
        <div className="hosts__banner hosts__banner--error" role="alert">
          <p>Could not load your saved VMs: {error}</p>
          <button type="button" className="button" onClick={() => void loadHosts(api)}>
            Try again
          </button>
        </div>
      )}

      <details className="hosts__vm-guide" data-testid="hosts-vm-guide">
        <summary>Create the {hosts.length === 2 ? 'two' : ''} VMs (Multipass, Vagrant, a cloud)</summary>
        <VmGuide hosts={hosts} />
      </details>

      <SshConfigImport hosts={hosts} />

      <div className="hosts__cards">
        {course && hosts.map((h) => <HostCard key={h.role} host={h} tone={hostTone(course, h.role)} />)}
      </div>

      <CourseValues />
    </ScreenView>
  );
}
