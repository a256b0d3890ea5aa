/** Latencies of one kind of request, in milliseconds, kept whole: percentiles are exact. */
export class Latencies {
  readonly #samples: number[] = [];

  add(ms: number): void {
    this.#samples.push(ms);
  }

  get count(): number {
    return this.#samples.length;
  }

  merge(other: Latencies): void {
    for (const ms of other.#samples) this.#samples.push(ms);
  }

  /** The `p`-th percentile (0–100) by the nearest-rank method; NaN when there are no samples. */
  percentile(p: number): number {
    if (this.#samples.length === 0) return Number.NaN;
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1]!;
  }
}

/** A fixed-width text table; numbers are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[], isHeader: boolean) =>
    r.map((c, i) => (isHeader || Number.isNaN(Number(c)) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!, true), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map((r) => line(r, false))].join('\n');
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}
