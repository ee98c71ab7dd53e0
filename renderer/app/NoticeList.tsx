// Notices from core and failed calls, as dismissible banners in a corner.
import { NoticeItem } from './NoticeItem';
import { useNoticesStore } from './notices-store';

export function NoticeList() {
  const notices = useNoticesStore((s) => s.notices);
  return (
    <section className="notices" aria-label="Notices">
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} />
      ))}
    </section>
  );
}
