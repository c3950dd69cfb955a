// 简体中文 — the default language. Every string the shell shows lives here; en.ts mirrors the keys.
export const zh = {
  appName: '工作手机助手',
  nav: {
    inbox: '消息',
    customers: '客户',
    calls: '通话与短信',
    reports: '报表',
    search: '搜索',
    settings: '设置',
  },
  views: {
    inbox: { title: '消息', empty: '还没有会话。添加账号或试用演示工作区后，所有客户的消息会出现在这里。' },
    customers: { title: '客户', empty: '连接七陌工作手机账号后，客户资料会出现在这里。' },
    calls: { title: '通话与短信', empty: '连接七陌工作手机账号后，通话记录和短信会出现在这里。' },
    reports: { title: '报表', empty: '连接七陌工作手机账号并选择您的座席身份后，可查看通话统计。' },
    search: { title: '搜索', empty: '离线搜索所有消息、联系人、通话和短信。' },
    settings: { title: '设置' },
  },
  settings: {
    language: '语言',
    about: '关于',
    version: '版本',
    host: '运行方式',
    hostElectron: '桌面应用',
    hostWeb: '浏览器（网页主机）',
    dataDir: '数据目录',
    secrets: '密钥存放',
    secretsKeychain: '系统钥匙串',
    secretsMemory: '仅内存（演示，重启后丢失）',
  },
  status: {
    version: '版本',
    connected: '已连接',
    connecting: '正在连接…',
    reconnecting: '连接中断，正在重连…',
    disconnected: '已断开，请重新打开网页主机打印的链接',
    ephemeral: '演示模式：密钥仅保存在内存中，不会写入系统钥匙串',
  },
  language: { zh: '中文', en: 'English' },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Strings = Widen<typeof zh>;
