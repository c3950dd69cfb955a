// Turns whatever keytar, the native module loader or the OS threw into one KEYCHAIN AppError that
// tells the agent what to do on their own operating system. The OS text is only a hint for
// support: it goes to details, scrubbed, and never carries a secret value.
import { type AppError, appError, isAppError } from '@shared/errors';
import { scrub } from '../log/logger';

export type KeychainOperation = 'load' | 'probe' | 'get' | 'set' | 'delete' | 'list' | 'deleteAccount';

/**
 * - moduleMissing: the native keytar module (or libsecret on Linux) could not be loaded;
 * - unavailable: no keychain service answers (no Secret Service on D-Bus, Credential Manager down);
 * - locked: the keychain is there but locked, not set up, or the unlock prompt was dismissed;
 * - failed: the keychain answered with an error we do not recognise.
 */
export type KeychainFailure = 'moduleMissing' | 'unavailable' | 'locked' | 'failed';

const MODULE_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND', 'ERR_DLOPEN_FAILED']);

const MODULE_TEXT =
  /cannot find (?:module|package)|cannot open shared object|NODE_MODULE_VERSION|was compiled against a different|did not self-register|dlopen/i;

// Prompt dismissed, collection locked or missing (no default keyring yet), macOS "User interaction
// is not allowed" (keychain locked while the app runs unattended), access refused.
const LOCKED_TEXT =
  /locked|prompt|dismiss|cancel|collection\/login|object does not exist at path|interaction is not allowed|passphrase|access ?denied|not authori[sz]ed/i;

// Nobody answers: Linux without a session bus or without a Secret Service on it, macOS without a
// default keychain, Windows without Credential Manager for this logon session.
const UNAVAILABLE_TEXT =
  /autolaunch d-bus|org\.freedesktop\.secrets was not provided|serviceunknown|could not connect|failed to connect|dbus-launch|no such file or directory|keychain could not be found|no default keychain|no keychain|logon session does not exist|rpc server is unavailable|service has not been started/i;

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

export function classifyKeychainFailure(error: unknown, operation?: KeychainOperation): KeychainFailure {
  const text = errorText(error);
  const code = errorCode(error);
  if (operation === 'load' || (code !== undefined && MODULE_CODES.has(code)) || MODULE_TEXT.test(text)) {
    return 'moduleMissing';
  }
  if (LOCKED_TEXT.test(text)) return 'locked';
  if (UNAVAILABLE_TEXT.test(text)) return 'unavailable';
  return 'failed';
}

interface Advice {
  zh: string;
  en: string;
}

type PlatformFamily = 'linux' | 'darwin' | 'win32' | 'other';

function family(platform: NodeJS.Platform): PlatformFamily {
  if (platform === 'linux' || platform === 'darwin' || platform === 'win32') return platform;
  return 'other';
}

// What the agent can do about it, in their words, per OS. The first sentence says what is wrong,
// the second what to do; the app keeps working with what it has cached meanwhile.
const ADVICE: Record<PlatformFamily, Record<KeychainFailure, Advice>> = {
  linux: {
    moduleMissing: {
      zh: '工作手机助手的钥匙串组件无法加载，账号密钥暂时无法读取或保存。请安装 libsecret（Debian/Ubuntu 软件包 libsecret-1-0），然后重新安装本应用。',
      en: "WorkPhone Desk's keychain component could not be loaded, so account secrets cannot be read or saved. Install libsecret (the libsecret-1-0 package on Debian/Ubuntu), then reinstall the app.",
    },
    unavailable: {
      zh: '找不到系统钥匙串服务，账号密钥暂时无法读取或保存。请安装并启动 GNOME 密钥环（gnome-keyring）或 KWallet（需要 libsecret），注销后重新登录桌面，再试一次。',
      en: 'No system keychain is running, so account secrets cannot be read or saved. Install and start GNOME Keyring (gnome-keyring) or KWallet with libsecret, log out and back in to your desktop, then try again.',
    },
    locked: {
      zh: '系统钥匙串已锁定或尚未设置，账号密钥暂时无法读取或保存。请在“密码和密钥”（Seahorse）或 KWallet 中解锁“登录”密钥环（没有就新建一个），再试一次。',
      en: 'Your keyring is locked or not set up yet, so account secrets cannot be read or saved. Unlock the "Login" keyring in Passwords and Keys (Seahorse) or KWallet, or create one if there is none, then try again.',
    },
    failed: {
      zh: '系统钥匙串返回了错误，账号密钥暂时无法读取或保存。请确认 GNOME 密钥环或 KWallet 正在运行并已解锁，再试一次；如仍失败，请联系管理员。',
      en: 'The system keyring reported an error, so account secrets cannot be read or saved. Check that GNOME Keyring or KWallet is running and unlocked, then try again; if it keeps failing, contact your administrator.',
    },
  },
  darwin: {
    moduleMissing: {
      zh: '工作手机助手的钥匙串组件无法加载，账号密钥暂时无法读取或保存。请重新安装本应用。',
      en: "WorkPhone Desk's keychain component could not be loaded, so account secrets cannot be read or saved. Please reinstall the app.",
    },
    unavailable: {
      zh: '无法打开 macOS 钥匙串，账号密钥暂时无法读取或保存。请打开“钥匙串访问”，确认“登录”钥匙串存在并设为默认，再试一次。',
      en: 'The macOS keychain could not be opened, so account secrets cannot be read or saved. Open Keychain Access, make sure the "login" keychain exists and is the default, then try again.',
    },
    locked: {
      zh: 'macOS 登录钥匙串已锁定或拒绝了访问，账号密钥暂时无法读取或保存。请在“钥匙串访问”中解锁“登录”钥匙串，工作手机助手请求访问时点“始终允许”，再试一次。',
      en: 'The macOS login keychain is locked or refused access, so account secrets cannot be read or saved. Unlock the "login" keychain in Keychain Access and choose "Always Allow" when WorkPhone Desk asks, then try again.',
    },
    failed: {
      zh: 'macOS 钥匙串返回了错误，账号密钥暂时无法读取或保存。请在“钥匙串访问”中检查“登录”钥匙串（必要时用“钥匙串急救”），再试一次。',
      en: 'The macOS keychain reported an error, so account secrets cannot be read or saved. Check the "login" keychain in Keychain Access, then try again.',
    },
  },
  win32: {
    moduleMissing: {
      zh: '工作手机助手的凭据组件无法加载，账号密钥暂时无法读取或保存。请重新安装本应用。',
      en: "WorkPhone Desk's credential component could not be loaded, so account secrets cannot be read or saved. Please reinstall the app.",
    },
    unavailable: {
      zh: 'Windows 凭据管理器不可用，账号密钥暂时无法读取或保存。请在“服务”（services.msc）中启动“Credential Manager”服务，并用自己的 Windows 账户登录，再试一次。',
      en: 'Windows Credential Manager is not available, so account secrets cannot be read or saved. Start the "Credential Manager" service in Services (services.msc) and sign in with your own Windows account, then try again.',
    },
    locked: {
      zh: 'Windows 凭据管理器拒绝了访问，账号密钥暂时无法读取或保存。请用自己的 Windows 账户登录（不要“以其他用户身份运行”），确认“Credential Manager”服务正在运行，再试一次。',
      en: 'Windows Credential Manager refused access, so account secrets cannot be read or saved. Sign in with your own Windows account (not "Run as a different user") and check that the Credential Manager service is running, then try again.',
    },
    failed: {
      zh: 'Windows 凭据管理器返回了错误，账号密钥暂时无法读取或保存。请在控制面板的“凭据管理器”中检查，再试一次；如仍失败，请联系管理员。',
      en: 'Windows Credential Manager reported an error, so account secrets cannot be read or saved. Check Credential Manager in the Control Panel, then try again; if it keeps failing, contact your administrator.',
    },
  },
  other: {
    moduleMissing: {
      zh: '工作手机助手的钥匙串组件无法加载，账号密钥暂时无法读取或保存。请重新安装本应用。',
      en: "WorkPhone Desk's keychain component could not be loaded, so account secrets cannot be read or saved. Please reinstall the app.",
    },
    unavailable: {
      zh: '找不到系统钥匙串服务，账号密钥暂时无法读取或保存。请安装并启动支持 Secret Service 的钥匙串（如 GNOME 密钥环或 KWallet），再试一次。',
      en: 'No system keychain is running, so account secrets cannot be read or saved. Install and start a keychain that provides the Secret Service (GNOME Keyring or KWallet), then try again.',
    },
    locked: {
      zh: '系统钥匙串已锁定，账号密钥暂时无法读取或保存。请先解锁钥匙串，再试一次。',
      en: 'The system keychain is locked, so account secrets cannot be read or saved. Unlock it, then try again.',
    },
    failed: {
      zh: '系统钥匙串返回了错误，账号密钥暂时无法读取或保存。请检查钥匙串是否正常运行，再试一次。',
      en: 'The system keychain reported an error, so account secrets cannot be read or saved. Check that it is running, then try again.',
    },
  },
};

const CAUSE_LIMIT = 500;

/** The OS text for support, scrubbed of tokens and of the values this operation handled. */
function safeCause(error: unknown, hide: readonly string[]): string {
  let text = scrub(errorText(error));
  for (const value of hide) {
    // scrub() ignores values under six characters; a short secret is still a secret.
    if (value) text = text.split(value).join('***');
  }
  return text.length > CAUSE_LIMIT ? `${text.slice(0, CAUSE_LIMIT)}…` : text;
}

export interface KeychainErrorContext {
  operation: KeychainOperation;
  platform: NodeJS.Platform;
  /** Values that must not appear in details even if the OS echoed them back. */
  hide?: readonly string[];
}

/** Maps any keychain failure to a KEYCHAIN AppError; an AppError that is already ours passes through. */
export function keychainError(error: unknown, context: KeychainErrorContext): AppError {
  if (isAppError(error)) return error;
  const reason = classifyKeychainFailure(error, context.operation);
  const advice = ADVICE[family(context.platform)][reason];
  return appError(
    'KEYCHAIN',
    advice.zh,
    advice.en,
    {
      reason,
      operation: context.operation,
      platform: context.platform,
      cause: safeCause(error, context.hide ?? []),
    },
    reason === 'locked',
  );
}
