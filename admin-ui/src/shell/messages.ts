// Strings of the shell: navigation, sign-in, common words. Each area keeps its own messages file.
import type { Messages } from './i18n';

export const shellMessages: Messages<{
  skipToContent: string;
  nav: { inbox: string; start: string; records: string; designer: string; users: string; organisation: string; tokens: string; status: string };
  mainNavigation: string;
  signOut: string;
  signedInAs: string;
  switchTo: string;
  switchToLabel: string;
  signIn: { title: string; username: string; password: string; submit: string; failed: string };
  loading: string;
  notFound: string;
  adminsOnly: string;
}> = {
  en: {
    skipToContent: 'Skip to content',
    nav: {
      inbox: 'My tasks',
      start: 'Start',
      records: 'Records',
      designer: 'Designer',
      users: 'Users',
      organisation: 'Organisation',
      tokens: 'API tokens',
      status: 'Status',
    },
    mainNavigation: 'Main navigation',
    signOut: 'Sign out',
    signedInAs: 'Signed in as',
    switchTo: '简体中文',
    switchToLabel: 'Switch the language to Simplified Chinese',
    signIn: { title: 'Sign in to Procedo', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Sign-in failed' },
    loading: 'Loading…',
    notFound: 'This page does not exist.',
    adminsOnly: 'Only administrators may open this page.',
  },
  'zh-CN': {
    skipToContent: '跳到正文',
    nav: {
      inbox: '我的待办',
      start: '发起',
      records: '记录',
      designer: '流程设计',
      users: '用户',
      organisation: '组织',
      tokens: 'API 令牌',
      status: '状态',
    },
    mainNavigation: '主导航',
    signOut: '退出登录',
    signedInAs: '当前用户',
    switchTo: 'English',
    switchToLabel: '将语言切换为英语',
    signIn: { title: '登录 Procedo', username: '用户名', password: '密码', submit: '登录', failed: '登录失败' },
    loading: '加载中…',
    notFound: '页面不存在。',
    adminsOnly: '只有管理员可以打开此页面。',
  },
};
