import type { Strings } from './zh';

export const en: Strings = {
  appName: 'WorkPhone Desk',
  nav: {
    inbox: 'Inbox',
    customers: 'Customers',
    calls: 'Calls & SMS',
    reports: 'Reports',
    search: 'Search',
    settings: 'Settings',
  },
  views: {
    inbox: { title: 'Inbox', empty: 'No conversations yet. Add an account or try the demo workspace, and every customer message lands here.' },
    customers: { title: 'Customers', empty: 'Connect a 7moor work phone account to see your CRM customers here.' },
    calls: { title: 'Calls & SMS', empty: 'Connect a 7moor work phone account to see call records and SMS here.' },
    reports: { title: 'Reports', empty: 'Connect a 7moor account and pick yourself as the agent to see call statistics.' },
    search: { title: 'Search', empty: 'Search every message, contact, call and SMS, offline.' },
    settings: { title: 'Settings' },
  },
  settings: {
    language: 'Language',
    about: 'About',
    version: 'Version',
    host: 'Running as',
    hostElectron: 'Desktop app',
    hostWeb: 'Browser (web host)',
    dataDir: 'Data folder',
    secrets: 'Secrets stored in',
    secretsKeychain: 'OS keychain',
    secretsMemory: 'Memory only (demo, lost on restart)',
  },
  status: {
    version: 'Version',
    connected: 'Connected',
    connecting: 'Connecting…',
    reconnecting: 'Connection lost, reconnecting…',
    disconnected: 'Disconnected: open the link the web host printed again',
    ephemeral: 'Demo mode: secrets are kept in memory only, never in the OS keychain',
  },
  language: { zh: '中文', en: 'English' },
};
