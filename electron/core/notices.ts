// What the learner must know since start (a corrupt file moved aside, a secret that cannot
// be decrypted). A host creates the list with its event bus, before the stores it makes, so
// that what they find while loading reaches the learner; core shows the list in progress.
export class Notices {
  private readonly messages: string[] = [];
  private readonly listeners = new Set<() => void>();

  add(message: string): void {
    this.messages.push(message);
    for (const listener of this.listeners) listener();
  }

  all(): string[] {
    return [...this.messages];
  }

  /** Calls `listener` after each new notice; returns a function that stops it. */
  onAdded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
