import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Time and identity, injected so that a run is deterministic under test:
 * `VirtualClock` + `SeededIds` give the same run, event for event, every time,
 * and a flow that waits for hours finishes in milliseconds.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with an `AbortError` when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Awaits work outside the clock (file or Git I/O). A virtual clock does not
   * move while such work is pending, so I/O speed cannot change the outcome.
   */
  track<T>(work: Promise<T>): Promise<T>;
}

export interface IdGenerator {
  /** A UUID, as the platform gives runs and job runs. */
  uuid(): string;
  /** A readable id such as `joyous-view-6290`, as the platform gives builds and backups. */
  name(): string;
  /** Random bytes for generated secrets. */
  bytes(count: number): Uint8Array;
}

export class AbortError extends Error {
  override readonly name = 'AbortError';
  constructor(message = 'The run was aborted.') {
    super(message);
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof AbortError || (error instanceof Error && error.name === 'AbortError');
}

/** Wall-clock time for the CLI and the editor. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new AbortError());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  track<T>(work: Promise<T>): Promise<T> {
    return work;
  }
}

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Time that moves only when every task is waiting on it: when nothing is left
 * to do but wait (no pending microtask, no tracked I/O), the clock jumps to the
 * earliest timer and fires it. Timers due at the same instant fire in the
 * order they were set.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private holds = 0;
  private scheduled = false;

  constructor(start = Date.UTC(2025, 0, 1, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer: Timer = { at: this.current + ms, seq: this.seq++, resolve: () => undefined };
      const onAbort = (): void => {
        this.remove(timer);
        reject(new AbortError());
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.insert(timer);
      this.schedule();
    });
  }

  async track<T>(work: Promise<T>): Promise<T> {
    this.holds++;
    try {
      return await work;
    } finally {
      this.holds--;
      this.schedule();
    }
  }

  /** Number of timers waiting: lets tests check that nothing is left behind. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private insert(timer: Timer): void {
    // Sorted by (at, seq); timers are few, so a binary insertion is enough.
    let low = 0;
    let high = this.timers.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const other = this.timers[mid] as Timer;
      if (other.at < timer.at || (other.at === timer.at && other.seq < timer.seq)) low = mid + 1;
      else high = mid;
    }
    this.timers.splice(low, 0, timer);
  }

  private remove(timer: Timer): void {
    const index = this.timers.indexOf(timer);
    if (index >= 0) this.timers.splice(index, 1);
  }

  private schedule(): void {
    if (this.scheduled || this.timers.length === 0) return;
    this.scheduled = true;
    // setImmediate runs once every pending promise continuation has run: only
    // then is every task known to be waiting.
    setImmediate(() => {
      this.scheduled = false;
      this.advance();
    });
  }

  private advance(): void {
    if (this.holds > 0) return;
    const first = this.timers[0];
    if (!first) return;
    this.current = Math.max(this.current, first.at);
    const due: Timer[] = [];
    while (this.timers.length > 0 && (this.timers[0] as Timer).at <= this.current) due.push(this.timers.shift() as Timer);
    for (const timer of due) timer.resolve();
    this.schedule();
  }
}

export class RandomIds implements IdGenerator {
  uuid(): string {
    return randomUUID();
  }

  name(): string {
    const bytes = randomBytes(4);
    return readableName(bytes[0] as number, bytes[1] as number, ((bytes[2] as number) << 8) | (bytes[3] as number));
  }

  bytes(count: number): Uint8Array {
    return randomBytes(count);
  }
}

/** Deterministic ids and "random" bytes from a seed (mulberry32), for tests. */
export class SeededIds implements IdGenerator {
  private state: number;

  constructor(seed = 1) {
    this.state = seed >>> 0;
  }

  uuid(): string {
    const hex = Buffer.from(this.bytes(16)).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  name(): string {
    return readableName(this.next() & 0xff, this.next() & 0xff, this.next() & 0xffff);
  }

  bytes(count: number): Uint8Array {
    const result = new Uint8Array(count);
    for (let i = 0; i < count; i++) result[i] = this.next() & 0xff;
    return result;
  }

  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}

const ADJECTIVES = ['joyous', 'brave', 'calm', 'eager', 'gentle', 'lively', 'quiet', 'rapid', 'sunny', 'tidy', 'vivid', 'witty', 'bold', 'clever', 'fresh', 'noble'];
const NOUNS = ['view', 'river', 'forest', 'harbor', 'meadow', 'summit', 'canyon', 'island', 'garden', 'bridge', 'comet', 'falcon', 'lantern', 'orchard', 'prairie', 'valley'];

function readableName(a: number, b: number, n: number): string {
  return `${ADJECTIVES[a % ADJECTIVES.length]}-${NOUNS[b % NOUNS.length]}-${1000 + (n % 9000)}`;
}

/** ISO 8601 of a clock reading. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
