import http from 'node:http';

export interface GraphQLError {
  readonly message: string;
  readonly extensions?: { readonly code?: string } & Record<string, unknown>;
}

/** A failed GraphQL answer: the error code (or HTTP status) and message the server gave. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

const IDLE_MS = 4000;

/**
 * One client of the benchmark: a single kept-alive HTTP connection, as a browser tab or an
 * integration would hold, posting GraphQL documents one after another.
 */
export class GraphQLClient {
  #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  #lastUsed = 0;
  readonly #url: URL;

  constructor(
    url: string,
    private token?: string,
  ) {
    this.#url = new URL('/graphql', url);
  }

  signIn(token: string): void {
    this.token = token;
  }

  /** The `data` of the answer; throws GraphQLRequestError when the answer carries errors. */
  request<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = JSON.stringify({ query, variables });
    // The server closes a connection idle for 5 s (Node's keepAliveTimeout); a request sent on it
    // just then fails with ECONNRESET. A client idle that long opens a new connection instead.
    if (performance.now() - this.#lastUsed > IDLE_MS) {
      this.#agent.destroy();
      this.#agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    }
    return new Promise<T>((resolve, reject) => {
      const req = http.request(
        this.#url,
        {
          method: 'POST',
          agent: this.#agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: T; errors?: GraphQLError[] };
              const [error] = parsed.errors ?? [];
              if (error) reject(new GraphQLRequestError(error.extensions?.code ?? `HTTP ${res.statusCode}`, error.message));
              else resolve(parsed.data as T);
            } catch {
              reject(new GraphQLRequestError(`HTTP ${res.statusCode}`, 'the answer is not JSON'));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    }).finally(() => {
      this.#lastUsed = performance.now();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
