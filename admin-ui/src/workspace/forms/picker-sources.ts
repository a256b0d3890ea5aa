// What the pickers offer and how they name what a field holds: people (`people`) for a user
// field, records (`linkCandidates`) for a link. The server answers both for the field itself, so
// what a picker offers is what a save accepts.
import { gql } from '../../api/graphql';

/** One choice: `label` is what the field shows once it is chosen, `detail` what tells it apart (a department, a stage). */
export interface PickerOption {
  readonly value: string;
  readonly label: string;
  readonly detail?: string;
}

export interface PickerSource {
  /** Names everything `search` depends on: the options are asked again when it changes. */
  readonly key: string;
  search(text: string, signal: AbortSignal): Promise<PickerOption[]>;
  /** The option a value stands for; null when the reader may not look it up. */
  optionOf(value: string): Promise<PickerOption | null>;
}

/** Where the field sits: the procedure's form, the field's path (`table.column` for a column), the record being edited. */
export interface FieldPlace {
  readonly procedure: string;
  readonly field: string;
  readonly recordId?: string;
  /** The UI's language: labels come back in it, so what is remembered is remembered per language. */
  readonly language: string;
}

interface PersonAnswer {
  readonly id: string;
  readonly displayName: string;
  readonly department: { readonly label: string } | null;
}

const PEOPLE = `query PickPeople($procedure: String, $field: String, $record: ID, $search: String) {
  people(procedure: $procedure, field: $field, record: $record, search: $search, first: 20) { id displayName department { label } }
}`;
const PEOPLE_BY_ID = 'query PeopleByIds($ids: [ID!]) { people(ids: $ids, first: 100) { id displayName department { label } } }';
const CANDIDATES = `query PickRecords($procedure: String!, $field: String!, $record: ID, $search: String) {
  linkCandidates(procedure: $procedure, field: $field, record: $record, search: $search, first: 20) { id title stage { label } }
}`;
const RECORD = 'query PickedRecord($id: ID!) { record(id: $id) { id title stage { label } } }';

const personOption = (p: PersonAnswer): PickerOption => ({ value: p.id, label: p.displayName, detail: p.department?.label });

export function peopleSource(place: FieldPlace): PickerSource {
  return {
    key: `people|${place.procedure}|${place.field}|${place.recordId ?? ''}|${place.language}`,
    async search(text, signal) {
      const variables = { procedure: place.procedure, field: place.field, record: place.recordId, search: text };
      const data = await gql<{ people: PersonAnswer[] }>(PEOPLE, variables, signal);
      return offered(data.people.map(personOption), (id) => `person|${place.language}|${id}`);
    },
    optionOf: (value) => personById(value, place.language),
  };
}

export function recordSource(place: FieldPlace): PickerSource {
  return {
    key: `records|${place.procedure}|${place.field}|${place.recordId ?? ''}|${place.language}`,
    async search(text, signal) {
      const variables = { procedure: place.procedure, field: place.field, record: place.recordId, search: text };
      const data = await gql<{ linkCandidates: { id: string; title: string; stage: { label: string } }[] }>(CANDIDATES, variables, signal);
      return offered(
        data.linkCandidates.map((r) => ({ value: r.id, label: r.title, detail: r.stage.label })),
        (id) => `record|${place.language}|${id}`,
      );
    },
    optionOf: (value) => remembered(`record|${place.language}|${value}`, () => recordOption(value)),
  };
}

async function recordOption(id: string): Promise<PickerOption | null> {
  const data = await gql<{ record: { id: string; title: string; stage: { label: string } } | null }>(RECORD, { id });
  return data.record ? { value: id, label: data.record.title, detail: data.record.stage.label } : null;
}

// Names change rarely and a form shows the same people many times (a table's rows, the record
// page): each is asked once per language, and the people a render asks for in one go.
const known = new Map<string, Promise<PickerOption | null>>();

/** What a search offered is remembered: the option picked from it needs no looking up. */
function offered(options: PickerOption[], keyOf: (value: string) => string): PickerOption[] {
  for (const option of options) known.set(keyOf(option.value), Promise.resolve(option));
  return options;
}

function remembered(key: string, load: () => Promise<PickerOption | null>): Promise<PickerOption | null> {
  let found = known.get(key);
  if (!found) {
    found = load().catch(() => {
      known.delete(key);
      return null;
    });
    known.set(key, found);
  }
  return found;
}

interface Waiter {
  resolve(option: PickerOption | null): void;
  reject(error: unknown): void;
}

let waiting: Map<string, Waiter[]> | null = null;

/** A person by id, from one `people(ids:)` request for all the ids asked before the next task. */
export function personById(id: string, language: string): Promise<PickerOption | null> {
  return remembered(`person|${language}|${id}`, () => new Promise((resolve, reject) => enqueue(id, { resolve, reject })));
}

function enqueue(id: string, waiter: Waiter): void {
  if (!waiting) {
    waiting = new Map();
    setTimeout(flush, 0);
  }
  waiting.set(id, [...(waiting.get(id) ?? []), waiter]);
}

function flush(): void {
  const batch = waiting ?? new Map<string, Waiter[]>();
  waiting = null;
  const ids = [...batch.keys()];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const waiters = (id: string) => batch.get(id) ?? [];
    gql<{ people: PersonAnswer[] }>(PEOPLE_BY_ID, { ids: chunk }).then(
      (data) => {
        const found = new Map(data.people.map((p) => [p.id, personOption(p)]));
        for (const id of chunk) for (const w of waiters(id)) w.resolve(found.get(id) ?? null);
      },
      (error: unknown) => {
        for (const id of chunk) for (const w of waiters(id)) w.reject(error);
      },
    );
  }
}
