// API tokens through the public GraphQL API: list, create (the token comes back this once) and revoke.
import { gql } from '../api/graphql';

export interface TokenRow {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface CreatedToken {
  readonly id: string;
  readonly name: string;
  readonly token: string;
}

const tokenFields = 'id name kind prefix createdAt expiresAt lastUsedAt revokedAt';

/** The caller's tokens, or (administrators) another user's. */
export async function listTokens(owner: string | null, signal?: AbortSignal): Promise<TokenRow[]> {
  const data = await gql<{ apiTokens: TokenRow[] }>(`query ApiTokens($user: ID) { apiTokens(user: $user) { ${tokenFields} } }`, { user: owner }, signal);
  return data.apiTokens;
}

export async function createToken(owner: string | null, name: string, expiresInDays: number | null): Promise<CreatedToken> {
  const data = await gql<{ createApiToken: CreatedToken }>(
    'mutation CreateApiToken($name: String!, $user: ID, $days: Int) { createApiToken(name: $name, user: $user, expiresInDays: $days) { id name token } }',
    { name, user: owner, days: expiresInDays },
  );
  return data.createApiToken;
}

export async function revokeToken(id: string): Promise<TokenRow> {
  const data = await gql<{ revokeApiToken: TokenRow }>(`mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { ${tokenFields} } }`, { id });
  return data.revokeApiToken;
}
