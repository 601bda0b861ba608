/** Fans the core's events out to every subscriber (windows, SSE streams, tests). Browser-safe. */
import type { Contract, EventMessage, EventName, PayloadOf } from '../contract/contract-kit.js';

export type EventListener<C extends Contract> = (event: EventMessage<C>) => void;

export class EventHub<C extends Contract> {
  private readonly listeners = new Set<EventListener<C>>();

  emit<E extends EventName<C>>(name: E, payload: PayloadOf<C, E>): void {
    const message = { name, payload } as EventMessage<C>;
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch (error) {
        // One broken subscriber (a closed socket, a destroyed window) must not starve the others.
        console.error(`kindred: event listener failed on ${name}:`, error);
      }
    }
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: EventListener<C>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
