// The admin UI's only way to the server: POST /graphql with the session's bearer token.
// Errors come back as ApiError carrying the contract's code (DESIGN.md) and, where the server
// names one, the field or rule it concerns.

export interface ApiErrorDetail {
  readonly message: string;
  readonly code: string;
  readonly extensions: Readonly<Record<string, unknown>>;
}

/** A text in several languages, keyed by locale ('en', 'zh-CN'). */
export type Label = Readonly<Record<string, string>>;

export interface FieldError {
  readonly path: string;
  readonly message: Label;
}

export interface Reason {
  readonly kind: string;
  readonly key: string;
  readonly message: Label;
}

export class ApiError extends Error {
  constructor(readonly errors: readonly ApiErrorDetail[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ApiError';
  }

  get code(): string {
    return this.errors[0]?.code ?? 'INTERNAL';
  }

  /** VALIDATION_FAILED's problems: a JSON path into the data and a message in each language. */
  fieldErrors(): FieldError[] {
    return this.errors.flatMap((e) => (Array.isArray(e.extensions.fieldErrors) ? (e.extensions.fieldErrors as FieldError[]) : []));
  }

  /** TRANSITION_BLOCKED's reasons, each with a message in each language. */
  reasons(): Reason[] {
    return this.errors.flatMap((e) => (Array.isArray(e.extensions.reasons) ? (e.extensions.reasons as Reason[]) : []));
  }
}

const tokenKey = 'procedo.token';

export function savedToken(): string | null {
  try {
    return localStorage.getItem(tokenKey);
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(tokenKey, token);
    else localStorage.removeItem(tokenKey);
  } catch {
    // Storage disabled: the session lasts as long as the page.
  }
}

let currentToken: string | null = savedToken();
let currentLocale = 'en';
const unauthenticatedListeners = new Set<() => void>();

export function setToken(token: string | null): void {
  currentToken = token;
  saveToken(token);
}

export function setRequestLocale(locale: string): void {
  currentLocale = locale;
}

/** Called when the server says the session is no longer valid. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export function authHeaders(): Record<string, string> {
  return {
    ...(currentToken ? { authorization: `Bearer ${currentToken}` } : {}),
    'accept-language': currentLocale,
  };
}

/** Runs one GraphQL operation; throws ApiError when the server answers with errors. */
export async function gql<T>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders() },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError([{ message: 'The server cannot be reached.', code: 'NETWORK', extensions: {} }]);
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiError([{ message: `The server answered ${response.status}.`, code: 'INTERNAL', extensions: {} }]);
  }
  if (body.errors?.length) {
    const errors = body.errors.map((e) => {
      const extensions = e.extensions ?? {};
      return { message: e.message, code: typeof extensions.code === 'string' ? extensions.code : 'INTERNAL', extensions };
    });
    if (errors.some((e) => e.code === 'UNAUTHENTICATED')) unauthenticatedListeners.forEach((l) => l());
    throw new ApiError(errors);
  }
  if (body.data == null) throw new ApiError([{ message: 'The server sent no data.', code: 'INTERNAL', extensions: {} }]);
  return body.data;
}
