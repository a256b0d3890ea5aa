import { GraphQLClient, GraphQLRequestError } from './graphql-client.js';
import { Latencies } from './stats.js';

/** The people of one benchmark client: a claimant and the approver their claims name. */
export interface ClientPair {
  readonly creator: { readonly id: string; readonly token: string };
  readonly approver: { readonly id: string; readonly token: string };
}

export const operations = ['create', 'update', 'transition', 'decide', 'myTasks', 'records'] as const;
export type Operation = (typeof operations)[number];
const commands: readonly Operation[] = ['create', 'update', 'transition', 'decide'];

export interface MixResult {
  readonly seconds: number;
  readonly latencies: ReadonlyMap<Operation, Latencies>;
  readonly transitions: number;
  readonly commands: number;
  readonly requests: number;
  readonly errors: ReadonlyMap<string, number>;
  /** All commands together. */
  readonly commandLatencies: Latencies;
}

/** The GraphQL documents of the mix. */
export const documents = {} as Record<Operation, string>;
const CREATE = `mutation ($data: JSON!) { createRecord(procedure: "ops.expense", data: $data) { id version stage { key } } }`;
const UPDATE = `mutation ($id: ID!, $data: JSON!, $v: Int!) { updateRecord(id: $id, data: $data, expectedVersion: $v) { id version } }`;
const TRANSITION = `mutation ($id: ID!, $action: String!, $v: Int!) { transition(id: $id, action: $action, expectedVersion: $v) { id version stage { key } approvals { id state } } }`;
const DECIDE = `mutation ($id: ID!) { decideApproval(id: $id, decision: APPROVE, comment: "ok") { id state } }`;
const MY_TASKS = `query { myTasks(first: 20) { totalCount nodes { id stage { key } dueAt } } }`;
const RECORDS = `query ($where: JSON) { records(procedure: "ops.expense", where: $where, first: 20, orderBy: "updatedAt desc") { totalCount nodes { id version stage { key } data } } }`;

Object.assign(documents, { create: CREATE, update: UPDATE, transition: TRANSITION, decide: DECIDE, myTasks: MY_TASKS, records: RECORDS });

interface Recorder {
  run<T>(operation: Operation, client: GraphQLClient, query: string, variables?: Record<string, unknown>): Promise<T>;
}

/**
 * One pass of the mix a department produces: a claim is created, edited, submitted (opening its
 * approval), approved by the person it names, paid through the gate; the approver looks at their
 * tasks and the claimant at a filtered list. Two transitions, four commands and … two reads.
 */
async function onePass(pair: { creator: GraphQLClient; approver: GraphQLClient; approverId: string }, n: number, record: Recorder): Promise<void> {
  const category = n % 3 === 0 ? 'other' : 'travel';
  const created = await record.run<{ createRecord: { id: string; version: number } }>('create', pair.creator, CREATE, {
    data: { title: `Trip ${n}`, category, amount: `${100 + (n % 900)}.50`, approver: pair.approverId },
  });
  const id = created.createRecord.id;
  const updated = await record.run<{ updateRecord: { version: number } }>('update', pair.creator, UPDATE, { id, v: created.createRecord.version, data: { note: `Receipts for trip ${n} attached.` } });
  const submitted = await record.run<{ transition: { version: number; approvals: { id: string; state: string }[] } }>('transition', pair.creator, TRANSITION, {
    id,
    action: 'submit',
    v: updated.updateRecord.version,
  });
  const approval = submitted.transition.approvals.find((a) => a.state === 'PENDING');
  if (!approval) throw new GraphQLRequestError('BENCH', 'the submitted claim has no pending approval');
  await record.run('decide', pair.approver, DECIDE, { id: approval.id });
  await record.run('myTasks', pair.approver, MY_TASKS);
  // A decision is one more version of the record: the client knows it without asking.
  await record.run('transition', pair.creator, TRANSITION, { id, action: 'pay', v: submitted.transition.version + 1 });
  await record.run('records', pair.creator, RECORDS, { where: { category } });
}

/**
 * Runs `pairs.length` concurrent clients through the mix for `seconds`, each on its own
 * kept-alive connections, one request at a time (a closed loop: throughput is what the server
 * sustains, latency is what each request waited).
 */
export async function runMix(url: string, pairs: readonly ClientPair[], seconds: number): Promise<MixResult> {
  const latencies = new Map(operations.map((o) => [o, new Latencies()] as const));
  const errors = new Map<string, number>();
  let transitions = 0;
  let stop = false;
  const recorder: Recorder = {
    async run(operation, client, query, variables) {
      const started = performance.now();
      const data = await client.request(query, variables);
      if (stop) return data as never;
      latencies.get(operation)!.add(performance.now() - started);
      if (operation === 'transition') transitions++;
      return data as never;
    },
  };
  const started = performance.now();
  const timer = setTimeout(() => (stop = true), seconds * 1000);
  let n = 0;
  await Promise.all(
    pairs.map(async (pair) => {
      const creator = new GraphQLClient(url, pair.creator.token);
      const approver = new GraphQLClient(url, pair.approver.token);
      try {
        while (!stop) {
          try {
            await onePass({ creator, approver, approverId: pair.approver.id }, n++, recorder);
          } catch (error) {
            const key = error instanceof GraphQLRequestError ? error.message.slice(0, 160) : String(error).slice(0, 160);
            errors.set(key, (errors.get(key) ?? 0) + 1);
          }
        }
      } finally {
        creator.close();
        approver.close();
      }
    }),
  );
  clearTimeout(timer);
  const elapsed = Math.min((performance.now() - started) / 1000, seconds);
  const commandLatencies = new Latencies();
  for (const op of commands) commandLatencies.merge(latencies.get(op)!);
  const requests = operations.reduce((sum, o) => sum + latencies.get(o)!.count, 0);
  return { seconds: elapsed, latencies, transitions, commands: commandLatencies.count, requests, errors, commandLatencies };
}

/** Signs in as the administrator and creates `count` claimant/approver pairs through the API. */
export async function createClientPairs(url: string, adminPassword: string, count: number): Promise<ClientPair[]> {
  const admin = new GraphQLClient(url);
  const login = async (client: GraphQLClient, username: string, password: string) => {
    const data = await client.request<{ login: { token: string; user: { id: string } } }>(
      'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token user { id } } }',
      { u: username, p: password },
    );
    return { id: data.login.user.id, token: data.login.token };
  };
  admin.signIn((await login(admin, 'admin', adminPassword)).token);
  const createUser = (username: string, roles: string[]) =>
    admin.request('mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }', {
      input: { username, displayName: username, password: `bench-${username}`, department: 'ops', roles },
    });
  const pairs: ClientPair[] = [];
  for (let i = 0; i < count; i++) {
    await createUser(`claimant-${i}`, ['employee']);
    await createUser(`approver-${i}`, ['employee', 'approver']);
    const signedIn = new GraphQLClient(url);
    pairs.push({ creator: await login(signedIn, `claimant-${i}`, `bench-claimant-${i}`), approver: await login(signedIn, `approver-${i}`, `bench-approver-${i}`) });
    signedIn.close();
  }
  admin.close();
  return pairs;
}
