// The organisation as the admin pages read it: departments and roles with their labels in both
// languages (so that switching the language needs no new request), and users for administrators.
import { gql, type Label } from '../api/graphql';

export interface DepartmentRow {
  readonly key: string;
  readonly label: Label;
  readonly parent: string | null;
  readonly manager: { readonly id: string; readonly username: string; readonly displayName: string } | null;
}

export interface RoleRow {
  readonly key: string;
  readonly label: Label;
  readonly description: Label | null;
}

export interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly department: string | null;
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
  readonly active: boolean;
  readonly serviceAccount: boolean;
}

export const userRowFields = 'id username displayName department roles isAdmin active serviceAccount';

interface BilingualRow {
  en: string;
  zh: string;
}

function bilingual(row: BilingualRow): Label {
  return { en: row.en, 'zh-CN': row.zh };
}

export async function loadOrganisation(signal?: AbortSignal): Promise<{ departments: DepartmentRow[]; roles: RoleRow[] }> {
  const data = await gql<{
    departments: (Omit<DepartmentRow, 'label'> & BilingualRow)[];
    roles: (BilingualRow & { key: string; descriptionEn: string | null; descriptionZh: string | null })[];
  }>(
    `{
      departments { key en: label(locale: "en") zh: label(locale: "zh-CN") parent manager { id username displayName } }
      roles { key en: label(locale: "en") zh: label(locale: "zh-CN") descriptionEn: description(locale: "en") descriptionZh: description(locale: "zh-CN") }
    }`,
    undefined,
    signal,
  );
  return {
    departments: data.departments.map((d) => ({ key: d.key, label: bilingual(d), parent: d.parent, manager: d.manager })),
    roles: data.roles.map((r) => ({
      key: r.key,
      label: bilingual(r),
      description: r.descriptionEn == null ? null : { en: r.descriptionEn, 'zh-CN': r.descriptionZh ?? r.descriptionEn },
    })),
  };
}

/** Every user; the server refuses it to anyone but an administrator. */
export async function loadUsers(signal?: AbortSignal): Promise<UserRow[]> {
  return (await gql<{ users: UserRow[] }>(`{ users { ${userRowFields} } }`, undefined, signal)).users;
}
