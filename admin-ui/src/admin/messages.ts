// Strings of the admin area: users, organisation and API tokens, in every language of the UI.
import type { Messages } from '../shell/i18n';

export interface AdminMessages {
  common: {
    loading: string;
    loadFailed: string;
    retry: string;
    save: string;
    saving: string;
    cancel: string;
    yes: string;
    no: string;
    none: string;
    never: string;
    saved: string;
    fixErrors: string;
  };
  users: {
    title: string;
    intro: string;
    filter: string;
    filterPlaceholder: string;
    department: string;
    allDepartments: string;
    noDepartment: string;
    newUser: string;
    count: (shown: number, total: number) => string;
    empty: string;
    columns: { username: string; name: string; department: string; roles: string; admin: string; active: string; actions: string };
    edit: string;
    editUser: (name: string) => string;
    serviceAccount: string;
    inactive: string;
    admin: string;
    createTitle: string;
    username: string;
    usernameHint: string;
    displayName: string;
    accountKind: string;
    person: string;
    personHint: string;
    service: string;
    serviceHint: string;
    password: string;
    passwordHint: string;
    newPassword: string;
    newPasswordHint: string;
    roles: string;
    isAdmin: string;
    isAdminHint: string;
    isActive: string;
    isActiveHint: string;
    create: string;
    created: (username: string) => string;
    updated: (username: string) => string;
  };
  organisation: {
    title: string;
    intro: string;
    departments: string;
    manager: string;
    noManager: string;
    managerOf: (department: string) => string;
    setManager: string;
    managerSet: (department: string, name: string) => string;
    managerCleared: (department: string) => string;
    roles: string;
    roleKey: string;
    roleLabel: string;
    roleDescription: string;
  };
  tokens: {
    title: string;
    intro: string;
    mine: string;
    createTitle: string;
    name: string;
    nameHint: string;
    expiresInDays: string;
    expiresHint: string;
    create: string;
    empty: string;
    columns: { name: string; prefix: string; created: string; expires: string; lastUsed: string; status: string; actions: string };
    statusActive: string;
    statusRevoked: (when: string) => string;
    statusExpired: string;
    revoke: string;
    revokeConfirm: (name: string) => string;
    confirmRevoke: string;
    revoked: (name: string) => string;
    createdTitle: (name: string) => string;
    createdWarning: string;
    tokenLabel: string;
    copy: string;
    copied: string;
    copyFailed: string;
    done: string;
    serviceTitle: string;
    serviceIntro: string;
    serviceAccount: string;
    chooseService: string;
    noServiceAccounts: string;
    tokensOf: (name: string) => string;
  };
}

export const adminMessages: Messages<AdminMessages> = {
  en: {
    common: {
      loading: 'Loading…',
      loadFailed: 'Could not load this page',
      retry: 'Try again',
      save: 'Save',
      saving: 'Saving…',
      cancel: 'Cancel',
      yes: 'Yes',
      no: 'No',
      none: '—',
      never: 'Never',
      saved: 'Saved.',
      fixErrors: 'Please correct the fields marked below.',
    },
    users: {
      title: 'Users',
      intro: 'People and service accounts, their department and roles. Roles decide what each person may start, do and approve.',
      filter: 'Search',
      filterPlaceholder: 'Username or name',
      department: 'Department',
      allDepartments: 'All departments',
      noDepartment: 'No department',
      newUser: 'New user',
      count: (shown, total) => (shown === total ? `${total} users` : `${shown} of ${total} users`),
      empty: 'No user matches this search.',
      columns: { username: 'Username', name: 'Name', department: 'Department', roles: 'Roles', admin: 'Administrator', active: 'Active', actions: 'Actions' },
      edit: 'Edit',
      editUser: (name) => `Edit ${name}`,
      serviceAccount: 'Service account',
      inactive: 'Inactive',
      admin: 'Admin',
      createTitle: 'New user',
      username: 'Username',
      usernameHint: '3 to 64 characters: a–z, digits, dots, hyphens, underscores. It cannot be changed later.',
      displayName: 'Display name',
      accountKind: 'Kind of account',
      person: 'Person',
      personHint: 'Signs in with a password.',
      service: 'Service account',
      serviceHint: 'No password: a tool that uses API tokens an administrator creates for it.',
      password: 'Password',
      passwordHint: 'At least 10 characters. Give it to the person through a safe channel.',
      newPassword: 'New password',
      newPasswordHint: 'Leave empty to keep the current password. At least 10 characters.',
      roles: 'Roles',
      isAdmin: 'Administrator',
      isAdminHint: 'Manages users, the organisation and procedures.',
      isActive: 'Active',
      isActiveHint: 'An inactive user cannot sign in and their tokens stop working.',
      create: 'Create user',
      created: (username) => `User ${username} was created.`,
      updated: (username) => `User ${username} was saved.`,
    },
    organisation: {
      title: 'Organisation',
      intro: 'Departments and who manages them, and the roles people can hold. Department managers approve where a procedure asks for "the department\'s manager".',
      departments: 'Departments',
      manager: 'Manager',
      noManager: 'No manager',
      managerOf: (department) => `Manager of ${department}`,
      setManager: 'Set manager',
      managerSet: (department, name) => `${name} now manages ${department}.`,
      managerCleared: (department) => `${department} has no manager now.`,
      roles: 'Roles',
      roleKey: 'Key',
      roleLabel: 'Role',
      roleDescription: 'Description',
    },
    tokens: {
      title: 'API tokens',
      intro: 'Tokens let scripts and other tools use the GraphQL API as you. Send one as "Authorization: Bearer <token>". Revoke a token as soon as it is no longer needed or may have leaked.',
      mine: 'My tokens',
      createTitle: 'New token',
      name: 'Name',
      nameHint: 'What uses it, e.g. "Reporting script".',
      expiresInDays: 'Expires after (days)',
      expiresHint: 'From 1 to 3650 days. Leave empty for a token that does not expire.',
      create: 'Create token',
      empty: 'No tokens yet.',
      columns: { name: 'Name', prefix: 'Starts with', created: 'Created', expires: 'Expires', lastUsed: 'Last used', status: 'Status', actions: 'Actions' },
      statusActive: 'Active',
      statusRevoked: (when) => `Revoked ${when}`,
      statusExpired: 'Expired',
      revoke: 'Revoke',
      revokeConfirm: (name) => `Revoke "${name}"? Tools using it stop working at once.`,
      confirmRevoke: 'Yes, revoke',
      revoked: (name) => `The token "${name}" was revoked.`,
      createdTitle: (name) => `Token "${name}" created`,
      createdWarning: 'Copy this token now and keep it somewhere safe. It is shown only this once: after you leave or reload this page nobody can see it again, not even an administrator.',
      tokenLabel: 'Your new token',
      copy: 'Copy',
      copied: 'Copied to the clipboard.',
      copyFailed: 'Could not copy: select the token and copy it yourself.',
      done: 'I have copied it',
      serviceTitle: 'Service accounts',
      serviceIntro: 'Create and revoke the tokens of service accounts (users without a password).',
      serviceAccount: 'Service account',
      chooseService: 'Choose a service account',
      noServiceAccounts: 'There are no service accounts. Create one on the Users page (kind "Service account").',
      tokensOf: (name) => `Tokens of ${name}`,
    },
  },
  'zh-CN': {
    common: {
      loading: '加载中…',
      loadFailed: '无法加载此页面',
      retry: '重试',
      save: '保存',
      saving: '保存中…',
      cancel: '取消',
      yes: '是',
      no: '否',
      none: '—',
      never: '从未',
      saved: '已保存。',
      fixErrors: '请修正下方标出的字段。',
    },
    users: {
      title: '用户',
      intro: '人员和服务账户，以及他们所属的部门和角色。角色决定每个人可以发起、处理和审批哪些流程。',
      filter: '搜索',
      filterPlaceholder: '用户名或姓名',
      department: '部门',
      allDepartments: '全部部门',
      noDepartment: '无部门',
      newUser: '新建用户',
      count: (shown, total) => (shown === total ? `共 ${total} 个用户` : `${total} 个用户中的 ${shown} 个`),
      empty: '没有符合条件的用户。',
      columns: { username: '用户名', name: '姓名', department: '部门', roles: '角色', admin: '管理员', active: '启用', actions: '操作' },
      edit: '编辑',
      editUser: (name) => `编辑 ${name}`,
      serviceAccount: '服务账户',
      inactive: '已停用',
      admin: '管理员',
      createTitle: '新建用户',
      username: '用户名',
      usernameHint: '3 到 64 个字符：a–z、数字、点、连字符、下划线。创建后不能修改。',
      displayName: '显示名称',
      accountKind: '账户类型',
      person: '人员',
      personHint: '使用密码登录。',
      service: '服务账户',
      serviceHint: '没有密码：供工具使用，由管理员为其创建 API 令牌。',
      password: '密码',
      passwordHint: '至少 10 个字符。请通过安全的渠道告知本人。',
      newPassword: '新密码',
      newPasswordHint: '留空则保持原密码。至少 10 个字符。',
      roles: '角色',
      isAdmin: '管理员',
      isAdminHint: '管理用户、组织和流程。',
      isActive: '启用',
      isActiveHint: '停用的用户不能登录，其令牌也会失效。',
      create: '创建用户',
      created: (username) => `已创建用户 ${username}。`,
      updated: (username) => `已保存用户 ${username}。`,
    },
    organisation: {
      title: '组织',
      intro: '部门及其负责人，以及人员可担任的角色。流程要求“部门经理”审批时，由部门经理审批。',
      departments: '部门',
      manager: '部门经理',
      noManager: '未设经理',
      managerOf: (department) => `${department}的经理`,
      setManager: '设为经理',
      managerSet: (department, name) => `${name} 现为${department}的经理。`,
      managerCleared: (department) => `${department}现在没有经理。`,
      roles: '角色',
      roleKey: '标识',
      roleLabel: '角色',
      roleDescription: '说明',
    },
    tokens: {
      title: 'API 令牌',
      intro: '令牌让脚本和其他工具以你的身份调用 GraphQL API，请以“Authorization: Bearer <令牌>”发送。令牌不再需要或可能泄露时，请立即吊销。',
      mine: '我的令牌',
      createTitle: '新建令牌',
      name: '名称',
      nameHint: '说明用途，例如“报表脚本”。',
      expiresInDays: '有效期（天）',
      expiresHint: '1 到 3650 天。留空则永不过期。',
      create: '创建令牌',
      empty: '还没有令牌。',
      columns: { name: '名称', prefix: '开头', created: '创建时间', expires: '过期时间', lastUsed: '最近使用', status: '状态', actions: '操作' },
      statusActive: '有效',
      statusRevoked: (when) => `已于 ${when} 吊销`,
      statusExpired: '已过期',
      revoke: '吊销',
      revokeConfirm: (name) => `确定吊销“${name}”吗？使用它的工具将立即无法访问。`,
      confirmRevoke: '确定吊销',
      revoked: (name) => `令牌“${name}”已吊销。`,
      createdTitle: (name) => `令牌“${name}”已创建`,
      createdWarning: '请立即复制此令牌并妥善保存。它只显示这一次：离开或刷新本页后，任何人（包括管理员）都无法再次查看。',
      tokenLabel: '新令牌',
      copy: '复制',
      copied: '已复制到剪贴板。',
      copyFailed: '无法复制：请选中令牌后手动复制。',
      done: '我已复制',
      serviceTitle: '服务账户',
      serviceIntro: '创建和吊销服务账户（没有密码的用户）的令牌。',
      serviceAccount: '服务账户',
      chooseService: '选择服务账户',
      noServiceAccounts: '还没有服务账户。请在“用户”页面创建（账户类型选“服务账户”）。',
      tokensOf: (name) => `${name} 的令牌`,
    },
  },
};
