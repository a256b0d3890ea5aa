import type { Database } from '../persistence/database.js';

/**
 * Tells a process when definitions were published elsewhere (another replica, `procedo
 * import`), so that it swaps its schema too. It asks the database at most once per `intervalMs`
 * — one small query a second per process — which, unlike a notification, cannot be missed.
 */
export class CatalogFreshness {
  #stamp: string | undefined;
  #checkedAt = 0;
  #checking: Promise<boolean> | undefined;

  constructor(
    private readonly db: Database,
    private readonly intervalMs = 1000,
  ) {}

  /** Records the state just loaded, so that the next check compares against it. */
  async mark(): Promise<void> {
    this.#stamp = await this.#read();
    this.#checkedAt = Date.now();
  }

  /** True when what is published changed since the last mark; checks at most once per interval. */
  changed(): Promise<boolean> {
    if (Date.now() - this.#checkedAt < this.intervalMs) return Promise.resolve(false);
    this.#checking ??= (async () => {
      try {
        this.#checkedAt = Date.now();
        const stamp = await this.#read();
        return this.#stamp !== undefined && stamp !== this.#stamp;
      } finally {
        this.#checking = undefined;
      }
    })();
    return this.#checking;
  }

  async #read(): Promise<string> {
    const [row] = await this.db.em
      .getConnection()
      .execute<{ versions: number; organisation: number | null }[]>(
        `select (select count(*) from procedure_versions where status = 'published') as versions, (select max(version) from organisation_versions) as organisation`,
      );
    return `${row?.versions ?? 0}/${row?.organisation ?? 0}`;
  }
}
