// Text with `backticked` parts shown as code (for hints written in this folder, not for
// anything the VM or core sends).
export function InlineCode({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}
