// The status page's strings in each supported language.
import type { Language } from './i18n';

export type ServerState = 'checking' | 'ready' | 'databaseUnreachable' | 'serverUnreachable';

export interface Messages {
  readonly tagline: string;
  readonly statusHeading: string;
  readonly status: Record<ServerState, string>;
  readonly statusHint: Record<ServerState, string>;
  readonly checkAgain: string;
  readonly toolsHeading: string;
  readonly graphiql: string;
  readonly graphiqlHint: string;
  /** Label of the language button: names the language it switches to, in that language. */
  readonly switchTo: string;
  readonly switchToLabel: string;
  readonly footer: string;
}

export const messages: Record<Language, Messages> = {
  en: {
    tagline: 'Company procedures — forms, stages, approvals and rules — as data, behind one GraphQL API.',
    statusHeading: 'Server status',
    status: {
      checking: 'Checking the server…',
      ready: 'Server ready',
      databaseUnreachable: 'Database unreachable',
      serverUnreachable: 'Server unreachable',
    },
    statusHint: {
      checking: 'Asking /readyz and /graphql.',
      ready: 'The API answers and its database is reachable.',
      databaseUnreachable: 'The server answers, but cannot reach its database. Check DATABASE_URL.',
      serverUnreachable: 'No answer from the API server. Is it running?',
    },
    checkAgain: 'Check again',
    toolsHeading: 'Tools',
    graphiql: 'Open GraphiQL',
    graphiqlHint: 'Explore and try the GraphQL API in the browser.',
    switchTo: '简体中文',
    switchToLabel: 'Switch the language to Simplified Chinese',
    footer: 'Procedo administration',
  },
  'zh-CN': {
    tagline: '将公司流程——表单、阶段、审批与规则——作为数据管理，通过统一的 GraphQL API 提供服务。',
    statusHeading: '服务器状态',
    status: {
      checking: '正在检查服务器…',
      ready: '服务器已就绪',
      databaseUnreachable: '无法连接数据库',
      serverUnreachable: '无法连接服务器',
    },
    statusHint: {
      checking: '正在请求 /readyz 和 /graphql。',
      ready: 'API 正常响应，数据库可以访问。',
      databaseUnreachable: '服务器有响应，但无法连接数据库。请检查 DATABASE_URL。',
      serverUnreachable: 'API 服务器没有响应。它是否已启动？',
    },
    checkAgain: '重新检查',
    toolsHeading: '工具',
    graphiql: '打开 GraphiQL',
    graphiqlHint: '在浏览器中浏览并试用 GraphQL API。',
    switchTo: 'English',
    switchToLabel: '将语言切换为英语',
    footer: 'Procedo 管理界面',
  },
};
