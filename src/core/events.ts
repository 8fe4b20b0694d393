import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { type Db, type EventFields, type EventPayload, type EventType, writeEvent } from './outbox.js';

/** What a caller says about an event; every field it does not name is null. */
export type EventInput = Partial<EventFields>;

/** Raises an event inside a transaction that Events.transaction is running. */
export type Raise = (type: EventType, input?: EventInput, now?: number) => Promise<EventPayload>;

const NONE: EventFields = { sessionId: null, customerId: null, agentId: null, channel: null, seq: null, text: null, author: null };

/**
 * Writes an event into the caller's transaction, with null for every field not given. Whoever
 * owns the transaction wakes the engine after it commits (Events.transaction does).
 */
export function raiseIn(tx: Db, type: EventType, input: EventInput = {}, now = Date.now()): Promise<EventPayload> {
  return writeEvent(tx, type, { ...NONE, ...input }, now);
}

/**
 * The one way an event is raised (but the message ingest, which writes its own in batches — see
 * core/messages.ts): the event commits with the change that caused it, and the engine is woken
 * once that commit is done, never before (it would find nothing) and never forgotten.
 */
export class Events {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      /**
       * Wakes the dispatcher here (and, in a cluster, everywhere). `inWriter`: the events were
       * written by an operation of the group commit (store.writer), whose transaction the
       * dispatcher plans them in when it can (engine/dispatcher.ts, planWithin).
       */
      eventsWritten: (inWriter?: boolean) => void;
    },
  ) {}

  /**
   * After a commit of the group commit (store.writer) that wrote events without going through
   * here: only the message ingest, which batches its inserts (core/messages.ts).
   */
  written(): void {
    this.deps.eventsWritten(true);
  }

  /** An event on its own (a test send, a digest slot, a disabled destination). */
  async raise(type: EventType, input: EventInput = {}): Promise<EventPayload> {
    const event = await raiseIn(this.deps.db, type, input);
    this.deps.eventsWritten();
    return event;
  }

  /** Runs `fn` in a transaction; events it raises commit with its changes, then the engine is woken. */
  async transaction<T>(fn: (tx: Db, raise: Raise) => Promise<T>): Promise<T> {
    let raised = 0;
    const result = await this.deps.db.transaction().execute((tx) =>
      fn(tx, (type, input, now) => {
        raised++;
        return raiseIn(tx, type, input, now);
      }),
    );
    if (raised > 0) this.deps.eventsWritten();
    return result;
  }
}
