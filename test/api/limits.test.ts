import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/src/app.js';
import type { LimitOptions } from '../../server/src/api/limits.js';
import { createTestApp, type GraphQLResponse, type TestApp } from '../support/app.js';
import { engineDefinitionsDir } from '../support/world.js';

// The guards in front of execution, each with a small limit so that a test can cross it.
let t: TestApp;
let alice: string;
let bob: string;
const apps: App[] = [];

beforeAll(async () => {
  t = await createTestApp(engineDefinitionsDir);
  alice = (await t.user('alice', { department: 'sales' })).token;
  bob = (await t.user('bob', { department: 'sales' })).token;
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await t?.close();
});

/** A second app on the same database, with the given limits (the rate limit off unless given). */
function appWith(limits: LimitOptions): App {
  const app = createApp({ db: t.db, catalog: t.app.catalog(), logger: false, limits: { ratePerSecond: 0, ...limits } });
  apps.push(app);
  return app;
}

interface Sent {
  readonly status: number;
  readonly headers: Headers;
  readonly body: GraphQLResponse['body'];
}

async function post(app: App, body: string, headers: Record<string, string> = {}): Promise<Sent> {
  const response = await app.yoga.fetch('http://procedo.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] };
}

function graphql(app: App, query: string, options: { token?: string; variables?: Record<string, unknown> } = {}): Promise<Sent> {
  return post(app, JSON.stringify({ query, variables: options.variables }), options.token ? { authorization: `Bearer ${options.token}` } : {});
}

const DATA = { title: 'Trade fair', currentAmount: '100', requestedAmount: '120' };

async function recordCount(): Promise<number> {
  const { body } = await t.graphql('{ records(procedure: "test.budget-adjustment") { totalCount } }', { token: alice });
  return (body.data!.records as { totalCount: number }).totalCount;
}

/** A refusal that ran nothing: no data at all, one BAD_REQUEST error with this message. */
function expectRefused(sent: Sent, message: string | RegExp): void {
  expect(sent.body.data, JSON.stringify(sent.body)).toBeUndefined();
  expect(sent.body.errors).toEqual([{ message: typeof message === 'string' ? message : expect.stringMatching(message), extensions: { code: 'BAD_REQUEST' } }]);
}

describe('document limits, refused before execution', () => {
  let guarded: App;
  beforeAll(() => {
    guarded = appWith({ maxDepth: 3, maxCost: 20, maxAliases: 2, maxDirectives: 2, maxTokens: 120 });
  });

  it('lets a document within every limit run', async () => {
    const before = await recordCount();
    const sent = await graphql(guarded, 'mutation($data: JSON!) { createRecord(procedure: "test.budget-adjustment", data: $data) { stage { key } } }', {
      token: alice,
      variables: { data: DATA },
    });
    expect(sent.body).toEqual({ data: { createRecord: { stage: { key: 'draft' } } } });
    expect(await recordCount()).toBe(before + 1);
  });

  it('refuses a mutation nested deeper than maxDepth without creating anything', async () => {
    const before = await recordCount();
    const sent = await graphql(guarded, 'mutation($data: JSON!) { createRecord(procedure: "test.budget-adjustment", data: $data) { approvals { approvers { username } } } }', {
      token: alice,
      variables: { data: DATA },
    });
    expectRefused(sent, 'Query depth limit of 3 exceeded, found 4.');
    expect(await recordCount()).toBe(before);
  });

  it('refuses before the request is even authenticated: a bad token is not looked at', async () => {
    const sent = await graphql(guarded, '{ record(id: "x") { approvals { approvers { username } } } }', { token: 'pdo_p_' + 'x'.repeat(43) });
    // Had a context been built, the bad token would have answered UNAUTHENTICATED.
    expectRefused(sent, 'Query depth limit of 3 exceeded, found 4.');
  });

  it('refuses a mutation over maxCost without creating anything', async () => {
    const before = await recordCount();
    const fields = 'id version procedureVersion data createdBy { id username displayName } stage { key label } assignee { id username }';
    const sent = await graphql(guarded, `mutation($data: JSON!) { createRecord(procedure: "test.budget-adjustment", data: $data) { ${fields} } }`, {
      token: alice,
      variables: { data: DATA },
    });
    expectRefused(sent, /^Query Cost limit of 20 exceeded, found \d+(\.\d+)?\.$/);
    expect(await recordCount()).toBe(before);
  });

  it('refuses more aliases than maxAliases without creating anything', async () => {
    const before = await recordCount();
    const create = (alias: string) => `${alias}: createRecord(procedure: "test.budget-adjustment", data: $data) { id }`;
    const sent = await graphql(guarded, `mutation($data: JSON!) { ${create('a')} ${create('b')} ${create('c')} }`, { token: alice, variables: { data: DATA } });
    expectRefused(sent, 'Aliases limit of 2 exceeded, found 3.');
    expect(await recordCount()).toBe(before);
  });

  it('refuses more directives than maxDirectives', async () => {
    const sent = await graphql(guarded, '{ __typename @include(if: true) a: __typename @include(if: true) b: __typename @skip(if: false) }', { token: alice });
    expectRefused(sent, 'Directives limit of 2 exceeded, found 3.');
  });

  it('stops parsing a document of more than maxTokens tokens', async () => {
    const sent = await graphql(guarded, `{ ${'__typename '.repeat(150)}}`, { token: alice });
    expectRefused(sent, 'Syntax Error: Token limit of 120 exceeded.');
  });
});

describe('the request body limit', () => {
  let small: App;
  beforeAll(() => {
    small = appWith({ maxBodyBytes: 2048 });
  });
  const body = (padding: number) => JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(padding) } });

  it('accepts a body up to the limit', async () => {
    expect(await post(small, body(1900))).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
  });

  it('answers 413 to a body over the limit by its Content-Length, without reading it', async () => {
    const sent = await post(small, body(3000));
    expect(sent.status).toBe(413);
    expectRefused(sent, `The request body is larger than the limit of 2048 bytes (found ${body(3000).length}).`);
  });

  it('reads a body sent without a Content-Length (chunked) only up to the limit', async () => {
    const streamed = async (text: string): Promise<Sent> => {
      const chunks = text.match(/[^]{1,500}/g)!.map((chunk) => new TextEncoder().encode(chunk));
      const stream = new ReadableStream<Uint8Array>({ pull: (controller) => (chunks.length ? controller.enqueue(chunks.shift()!) : controller.close()) });
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit;
      const response = await small.yoga.fetch('http://procedo.test/graphql', init);
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] };
    };
    const over = await streamed(body(3000));
    expect(over.status).toBe(413);
    expectRefused(over, 'The request body is larger than the limit of 2048 bytes.');
    expect(await streamed(body(1900))).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
  });
});

describe('the rate limit', () => {
  let now = 0;
  let throttled: App;
  beforeAll(() => {
    throttled = appWith({ ratePerSecond: 2, rateBurst: 3, now: () => now });
  });
  const typename = (token?: string) => graphql(throttled, '{ __typename }', { token });

  it('lets a burst through, then answers 429 with Retry-After, per token', async () => {
    for (let i = 0; i < 3; i++) expect((await typename(alice)).status).toBe(200);
    const refused = await typename(alice);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expectRefused(refused, 'Too many requests: the limit is 2 a second (bursts of 3) for each token, or each address without one. Retry after 1 s.');
    // Bob's token has its own bucket; requests without a token share their address's.
    expect((await typename(bob)).status).toBe(200);
    expect((await typename()).status).toBe(200);
  });

  it('recovers as the bucket refills, never beyond the burst', async () => {
    now += 500;
    expect((await typename(alice)).status).toBe(200);
    expect((await typename(alice)).status).toBe(429);
    now += 60_000;
    for (let i = 0; i < 3; i++) expect((await typename(alice)).status).toBe(200);
    expect((await typename(alice)).status).toBe(429);
  });

  it('does not count health checks', async () => {
    for (let i = 0; i < 5; i++) expect((await throttled.yoga.fetch('http://procedo.test/readyz')).status).toBe(200);
  });
});
