/**
 * Lets requests (completion, hover, ...) go before background work such as
 * validation. Request handlers are tracked from the moment the connection
 * dispatches them until they answer; background work awaits `turn()` between
 * its steps, which hands the event loop over twice (so that a request read
 * from the input meanwhile is dispatched) and then waits while requests are
 * being answered.
 *
 * A request counts until its reply is written (see track).
 *
 * Why two hand-overs: a step of background work runs in a setImmediate
 * callback. A request read while it ran is dispatched by the connection in a
 * setImmediate queued after the work's own next one; with a single hand-over
 * the next step would run before the request is even seen.
 */
export class RequestsFirst {
  private inFlight = 0;
  private waiting: (() => void)[] = [];

  /** How long background work waits at most for requests to finish: a slow request never starves it. */
  constructor(private readonly maxWaitMs = 100) {}

  /** Runs a request handler, counted until its answer settles. */
  track<T>(answer: () => Promise<T>): Promise<T> {
    this.inFlight++;
    let result: Promise<T>;
    try {
      result = answer();
    } catch (error) {
      this.finished();
      throw error;
    }
    // Counted until the reply is written, not only computed: vscode-jsonrpc writes it in a setImmediate queued
    // once the answer settles (its write semaphore), after this callback's. Released two hand-overs later,
    // background work resumes after the write; before, a whole validation step could run first.
    return result.finally(() => setImmediate(() => setImmediate(() => this.finished())));
  }

  /** True while a request is being answered. */
  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** Awaited by background work between its steps. */
  async turn(): Promise<void> {
    await nextTurn();
    await nextTurn();
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(release, this.maxWaitMs);
      const waiter = (): void => release();
      function release(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiting.push(waiter);
    });
  }

  private finished(): void {
    this.inFlight--;
    if (this.inFlight > 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
