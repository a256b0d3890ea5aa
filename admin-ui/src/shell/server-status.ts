// Asks the API server whether it is ready: GET /readyz (200 ready, 503 database down), then a
// minimal GraphQL query to check that the API itself answers.
import type { ServerState } from './status-messages';

const timeoutMs = 5000;

export async function checkServer(signal?: AbortSignal): Promise<Exclude<ServerState, 'checking'>> {
  // One controller for both requests: aborted by the caller (unmount) or after the timeout.
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(abort, timeoutMs);
  const options = (): { signal: AbortSignal } => ({ signal: controller.signal });
  try {
    const ready = await fetch('/readyz', { ...options(), headers: { accept: 'application/json' }, cache: 'no-store' });
    if (ready.status === 503) return 'databaseUnreachable';
    if (!ready.ok) return 'serverUnreachable';

    const gql = await fetch('/graphql', {
      ...options(),
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    if (!gql.ok) return 'serverUnreachable';
    const body: unknown = await gql.json();
    return hasTypename(body) ? 'ready' : 'serverUnreachable';
  } catch (error) {
    if (signal?.aborted) throw error;
    return 'serverUnreachable';
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

function hasTypename(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || !('data' in body)) return false;
  const data = body.data;
  return typeof data === 'object' && data !== null && '__typename' in data && typeof data.__typename === 'string';
}
