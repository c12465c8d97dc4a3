/**
 * Runs jobs one at a time in the order they were submitted. The shell puts every input of every
 * consumer through one queue, so the decider sees a single sequence of events and never two at once.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Jobs submitted and not finished yet (including the running one). */
  get size(): number {
    return this.waiting;
  }

  run<T>(job: () => Promise<T> | T): Promise<T> {
    this.waiting++;
    const result = this.tail.then(job);
    // The next job waits for this one whatever its outcome; the caller still sees the outcome.
    this.tail = result.then(
      () => this.waiting--,
      () => this.waiting--,
    );
    return result;
  }

  /** Resolves once every job submitted so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
