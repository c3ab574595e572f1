// A graphql-ws client that comes back by itself. Every loss of the socket (server restart,
// network drop, a frozen socket we terminate, a fatal close code) ends the client; after a
// backoff a new client is made and `onOpen` sets the dashboard up again on it (rediscovering
// the schema, resubscribing, reloading history), so there is one path for first open and reopen.
import { createClient } from './vendor/graphql-ws/client.js';
import { askAfterRefusal, connectionParams } from './access.mjs';

// Exponential from 0.5 s, capped at 15 s, with ±25 % jitter so that a wall of screens
// does not reconnect in step after a restart.
export function backoffMs(attempt, random = Math.random) {
  const base = Math.min(15_000, 500 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.75 + 0.5 * random()));
}

export class live_connection {
  #url;
  #handlers;
  #client = null;
  #generation = 0; // bumped on every open and every drop: stale callbacks compare it
  #opens = 0;
  #attempt = 0;
  #timer = null;

  // handlers: onOpen(client, generation), onUp(), onDown(reason, retryInMs)
  constructor(url, handlers) {
    this.#url = url;
    this.#handlers = handlers;
  }

  // How many clients were made after the first (the dashboard's own reconnects).
  get reconnects() {
    return Math.max(0, this.#opens - 1);
  }

  isCurrent(generation) {
    return generation === this.#generation;
  }

  start() {
    this.#open();
  }

  // Data flows again: the next loss starts the backoff from the beginning.
  healthy() {
    this.#attempt = 0;
  }

  // For a socket that is open but silent (no data for too long).
  restart(reason) {
    this.#drop(reason);
  }

  #open() {
    this.#timer = null;
    const generation = ++this.#generation;
    this.#opens += 1;
    const mine = () => generation === this.#generation;
    this.#client = createClient({
      url: this.#url,
      lazy: false,
      retryAttempts: 0, // we retry ourselves, with a fresh client
      keepAlive: 10_000,
      connectionAckWaitTimeout: 10_000,
      connectionParams: () => connectionParams(),
      onNonLazyError: (err) => mine() && this.#drop(err),
      on: {
        connected: () => mine() && this.#handlers.onUp(),
        closed: (event) => mine() && (askAfterRefusal(event), this.#drop(event)),
      },
    });
    this.#handlers.onOpen(this.#client, generation);
  }

  #drop(reason) {
    if (this.#timer) return;
    const client = this.#client;
    this.#client = null;
    this.#generation += 1;
    const wait = backoffMs(this.#attempt++);
    this.#handlers.onDown(reason, wait);
    this.#timer = setTimeout(() => this.#open(), wait);
    if (client) queueMicrotask(() => client.dispose());
  }
}
