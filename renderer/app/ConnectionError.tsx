// Shown instead of the app when the renderer cannot reach core at all.
export function ConnectionError({ message }: { message: string }) {
  return (
    <div className="full-page">
      <div className="full-page__card" role="alert" data-testid="connection-error">
        <h1 className="full-page__title">Can’t reach the tutor</h1>
        <p>The window opened, but it could not connect to the part of the app that reads lessons and talks to your machines.</p>
        <p className="full-page__detail">
          <span className="visually-hidden">Details: </span>
          <code>{message}</code>
        </p>
        <ul className="full-page__hints">
          <li>
            In a browser: make sure <code>npm run serve</code> is still running, and open the exact link it printed (the one
            with <code>?token=…</code>) in this browser. Its token works once: if another browser used it, restart{' '}
            <code>npm run serve</code> for a new link.
          </li>
          <li>In the desktop app: close it and start it again.</li>
        </ul>
        <button type="button" className="button button--primary" onClick={() => location.reload()}>
          Try again
        </button>
      </div>
    </div>
  );
}
