// Notices from core and failed calls, as dismissible banners in a corner.
import { useNoticesStore } from '../stores/notices';
import { CloseIcon, InfoIcon, WarningIcon } from './icons';

const LEVEL_WORDS = { info: 'Note', warning: 'Warning', error: 'Error' } as const;

export function NoticeList() {
  const notices = useNoticesStore((s) => s.notices);
  const dismiss = useNoticesStore((s) => s.dismiss);
  return (
    <section className="notices" aria-label="Notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice--${n.level}`} role="alert" data-testid="notice" data-level={n.level}>
          <span className="notice__icon">{n.level === 'info' ? <InfoIcon /> : <WarningIcon />}</span>
          <p className="notice__message">
            <span className="visually-hidden">{LEVEL_WORDS[n.level]}: </span>
            {n.message}
            {n.count > 1 && <span className="notice__count"> (×{n.count})</span>}
          </p>
          <button type="button" className="notice__dismiss" onClick={() => dismiss(n.id)} aria-label="Dismiss notice">
            <CloseIcon />
          </button>
        </div>
      ))}
    </section>
  );
}
