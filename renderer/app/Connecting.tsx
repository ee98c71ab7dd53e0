export function Connecting() {
  return (
    <div className="full-page" role="status">
      <p className="full-page__text">Connecting to the tutor…</p>
    </div>
  );
}
