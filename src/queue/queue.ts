/**
 * The durable queue the engine hands deliveries to. Embedded: a jobs table in the same database,
 * worked in-process. Cluster: BullMQ on Redis. The engine sees only this interface.
 */
export interface Job<T> {
  /** Caller-chosen id; enqueueing an id that is already waiting does nothing (dedupe). */
  id: string;
  data: T;
  /** How many times this job has been started, this run included. */
  attempts: number;
}

/** A handler returns nothing when done, or asks to run the same job again later. */
export type JobOutcome = void | { retryInMs: number };

export interface QueueStats {
  /** Due now, not yet started. */
  ready: number;
  /** Waiting for a later time. */
  delayed: number;
  /** Started, not finished. */
  active: number;
}

export interface Queue<T> {
  enqueue(jobs: Array<{ id: string; data: T }>, opts?: { delayMs?: number }): Promise<void>;
  /** Starts working jobs with at most `concurrency` handlers running at once. */
  process(handler: (job: Job<T>) => Promise<JobOutcome>, opts: { concurrency: number }): void;
  /** Drops a job that is waiting (not running), e.g. to replace a delayed retry with one due now. */
  remove(id: string): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Stops taking new jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

/** When a handler throws (a bug, the database went away), the job is tried again after this. */
export const CRASHED_JOB_RETRY_MS = 30_000;
