import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU counters (`getconf CLK_TCK`; 100 on Linux everywhere in practice). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, or undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The ids of every running process whose command name is `name` (e.g. `postgres`). */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return pids;
}

/**
 * Adds up the CPU a changing set of processes uses during a measurement. `pids()` is asked
 * every `intervalMs`; a process first seen after the start counts from zero (it started during
 * the measurement), and one that ends keeps what it had at its last sample (at most one
 * interval is lost).
 */
export class CpuMeter {
  readonly #start = new Map<number, number>();
  readonly #last = new Map<number, number>();
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  #stoppedAt = 0;

  constructor(
    private readonly pids: () => number[] | Promise<number[]>,
    private readonly intervalMs = 200,
  ) {}

  async start(): Promise<void> {
    this.#startedAt = performance.now();
    for (const pid of await this.pids()) {
      const used = cpuSeconds(pid);
      if (used === undefined) continue;
      this.#start.set(pid, used);
      this.#last.set(pid, used);
    }
    this.#timer = setInterval(() => void this.#sample(), this.intervalMs);
  }

  /** Stops and returns the CPU used, in percent of one core over the wall time measured. */
  async stop(): Promise<{ cpuSeconds: number; percentOfCore: number }> {
    clearInterval(this.#timer);
    await this.#sample();
    this.#stoppedAt = performance.now();
    let total = 0;
    for (const [pid, last] of this.#last) total += last - (this.#start.get(pid) ?? 0);
    const wall = (this.#stoppedAt - this.#startedAt) / 1000;
    return { cpuSeconds: total, percentOfCore: wall > 0 ? (100 * total) / wall : 0 };
  }

  async #sample(): Promise<void> {
    let pids: number[];
    try {
      pids = await this.pids();
    } catch {
      return;
    }
    for (const pid of pids) {
      const used = cpuSeconds(pid);
      if (used !== undefined) this.#last.set(pid, used);
    }
  }
}
