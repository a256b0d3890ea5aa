import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-codes.js';
import { parseRecordEventNotice, type RecordEventNotice } from './event-notice.js';

/** Which notices a subscriber wants; an empty filter wants them all. */
export interface EventFilter {
  readonly recordId?: string;
  readonly procedure?: string;
}

/** Where notifications come from: a LISTEN on the database, started by the bus and closed by it. */
export interface NoticeSource {
  close(): Promise<void>;
}

/** Starts listening and calls `deliver` with each payload on the channel; resolves once listening. */
export type OpenNoticeSource = (deliver: (payload: string) => void) => Promise<NoticeSource>;

export interface EventBusOptions {
  /** How many notices one subscriber may leave unread before it is cut off (default 1000). */
  readonly bufferSize?: number;
  /** Where the bus reports what it drops; silent by default. */
  readonly warn?: (message: string) => void;
}

/**
 * One per process: fans the record events that the database announces (NOTIFY, from any server
 * process) out to this process's subscribers. It listens from the first subscription on, so a
 * process nobody subscribes to holds no listening connection.
 */
export class EventBus {
  readonly #open: OpenNoticeSource;
  readonly #bufferSize: number;
  readonly #warn: (message: string) => void;
  readonly #subscribers = new Set<EventStream>();
  #source: Promise<NoticeSource> | undefined;
  #closed = false;

  constructor(open: OpenNoticeSource, options: EventBusOptions = {}) {
    this.#open = open;
    this.#bufferSize = options.bufferSize ?? 1000;
    this.#warn = options.warn ?? (() => {});
  }

  /**
   * The notices matching `filter` from now on. Resolves once the process listens, so that an
   * event committed after this returns is delivered. End the stream with `return()`.
   */
  async subscribe(filter: EventFilter): Promise<EventStream> {
    if (this.#closed) throw new Error('The event bus is closed.');
    await this.#listening();
    const stream = new EventStream(filter, this.#bufferSize, () => this.#subscribers.delete(stream));
    this.#subscribers.add(stream);
    return stream;
  }

  /** How many streams are open: for tests and metrics. */
  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /** Ends every stream and stops listening. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const stream of [...this.#subscribers]) stream.end();
    const source = this.#source;
    this.#source = undefined;
    if (source) await (await source.catch(() => undefined))?.close();
  }

  async #listening(): Promise<void> {
    // A failed start is not remembered: the next subscriber tries again.
    this.#source ??= this.#open((payload) => this.#deliver(payload)).catch((error: unknown) => {
      this.#source = undefined;
      throw error;
    });
    await this.#source;
  }

  #deliver(payload: string): void {
    const notice = parseRecordEventNotice(payload);
    if (!notice) {
      this.#warn(`event bus: ignored a notification it does not understand (${payload.slice(0, 200)})`);
      return;
    }
    for (const stream of this.#subscribers) stream.offer(notice);
  }
}

/**
 * One subscriber's notices, read with `for await` or `next()`. Buffered up to a limit: a reader
 * that falls further behind (a client that stopped reading) gets an error and the stream ends,
 * rather than the process holding an unbounded queue for it.
 */
export class EventStream implements AsyncIterableIterator<RecordEventNotice> {
  readonly #filter: EventFilter;
  readonly #limit: number;
  readonly #onEnd: () => void;
  readonly #queue: RecordEventNotice[] = [];
  #waiting: ((result: IteratorResult<RecordEventNotice, undefined>) => void) | undefined;
  #failure: AppError | undefined;
  #ended = false;

  constructor(filter: EventFilter, limit: number, onEnd: () => void) {
    this.#filter = filter;
    this.#limit = limit;
    this.#onEnd = onEnd;
  }

  /** Called by the bus for every notice; keeps those the filter wants. */
  offer(notice: RecordEventNotice): void {
    if (this.#ended || !this.#wants(notice)) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = undefined;
      resolve({ done: false, value: notice });
    } else if (this.#queue.length >= this.#limit) {
      this.#failure = new AppError(
        ErrorCode.BAD_REQUEST,
        `The subscription fell more than ${this.#limit} events behind and was closed: subscribe again, and read the records' history for what happened meanwhile.`,
      );
      this.#queue.length = 0;
      this.end();
    } else {
      this.#queue.push(notice);
    }
  }

  next(): Promise<IteratorResult<RecordEventNotice, undefined>> {
    const notice = this.#queue.shift();
    if (notice) return Promise.resolve({ done: false, value: notice });
    if (this.#failure) {
      const failure = this.#failure;
      this.#failure = undefined;
      return Promise.reject(failure);
    }
    if (this.#ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  return(): Promise<IteratorResult<RecordEventNotice, undefined>> {
    this.#queue.length = 0;
    this.end();
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Stops the stream: a pending `next()` resolves as done; queued notices are still read. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#onEnd();
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.({ done: true, value: undefined });
  }

  #wants(notice: RecordEventNotice): boolean {
    return (this.#filter.recordId === undefined || this.#filter.recordId === notice.recordId) && (this.#filter.procedure === undefined || this.#filter.procedure === notice.procedure);
  }
}
