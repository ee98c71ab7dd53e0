// Words for a lesson reset. Pure.

/** "Reset done: “etcd” is open again, 3 later lessons closed." */
export function resetDoneText(lessonTitle: string, closed: number): string {
  const tail = closed === 0 ? '' : closed === 1 ? ', 1 later lesson closed' : `, ${closed} later lessons closed`;
  return `Reset done: “${lessonTitle}” is open again${tail}.`;
}

/** "Running the reset on kube-master…" */
export function resetRunningText(hostname: string): string {
  return hostname ? `Running the reset on ${hostname}… Watch it in the terminal.` : 'Running the reset…';
}
