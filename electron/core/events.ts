// A typed event bus for the contract's events; each host forwards it to its renderers.
// An event may name its audience (which viewers, i.e. windows or sockets, get it): a
// terminal's output skips a viewer set aside for not keeping up (terminals/viewer-flow.ts).
import type { ApiEvents, EventName } from '../../common/api';

/** Which viewers an event is for; every one when absent. */
export type Audience = (viewer: string) => boolean;

type Sink = <E extends EventName>(name: E, payload: ApiEvents[E], audience?: Audience) => void;

export class EventBus {
  private sinks = new Set<Sink>();

  emit<E extends EventName>(name: E, payload: ApiEvents[E], audience?: Audience): void {
    for (const sink of this.sinks) sink(name, payload, audience);
  }

  /** Adds a sink for every event; returns a function that removes it. */
  subscribe(sink: Sink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
}
