// A typed event bus for the contract's events; each host forwards it to its renderers.
import type { ApiEvents, EventName } from '../../common/api';

type Sink = <E extends EventName>(name: E, payload: ApiEvents[E]) => void;

export class EventBus {
  private sinks = new Set<Sink>();

  emit<E extends EventName>(name: E, payload: ApiEvents[E]): void {
    for (const sink of this.sinks) sink(name, payload);
  }

  /** Adds a sink for every event; returns a function that removes it. */
  subscribe(sink: Sink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
}
