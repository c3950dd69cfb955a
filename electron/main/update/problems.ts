// What went wrong with an update, in the agent's words. Failures come from two places: our own
// check of the update file (fetchUpdateFeed) and electron-updater's download and install, whose
// errors carry its codes (ERR_UPDATER_…, ERR_CHECKSUM_MISMATCH), Node's (ENOSPC, ECONNREFUSED …)
// or Chromium's (net::ERR_…). Each is sorted into one kind with a zh/en sentence and advice.
import type { UpdateProblemKind } from '@shared/ipc/update';

export class UpdateCheckFailure extends Error {
  constructor(
    readonly kind: UpdateProblemKind,
    /** A short technical note for the log (a status code, a schema path); never shown raw. */
    readonly detail: string,
  ) {
    super(`update ${kind}: ${detail}`);
    this.name = 'UpdateCheckFailure';
  }

  static from(error: unknown): UpdateCheckFailure {
    if (error instanceof UpdateCheckFailure) return error;
    return new UpdateCheckFailure(classifyUpdateError(error), errorCode(error) ?? 'error');
  }
}

const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Node's fetch throws TypeError('fetch failed') with the socket error as its cause.
  return errorCode((error as { cause?: unknown }).cause);
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name} ${error.message} ${error.cause instanceof Error ? error.cause.message : ''}`;
  return String(error);
}

/** Sorts any error of a check, download or install into a kind. */
export function classifyUpdateError(error: unknown): UpdateProblemKind {
  if (error instanceof UpdateCheckFailure) return error.kind;
  const code = errorCode(error);
  const text = errorText(error);
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE') return 'badSignature';
  if (code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch/i.test(text)) return 'checksum';
  if (code === 'ERR_UPDATER_NO_CHECKSUM') return 'noChecksum';
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' || code === 'HTTP_ERROR_404') return 'notFound';
  if (code === 'ERR_UPDATER_INVALID_UPDATE_INFO' || code === 'ERR_UPDATER_INVALID_VERSION' || code === 'ERR_UPDATER_NO_FILES_PROVIDED') return 'invalidFeed';
  if (code?.startsWith('HTTP_ERROR_')) return 'server';
  if (code === 'ENOSPC' || code === 'EDQUOT' || /ERR_FILE_NO_SPACE|no space left/i.test(text)) return 'diskFull';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission';
  // Squirrel.Mac, when the running app has no code signature or the download's does not match.
  if (/could not get code signature|code signature .* did not pass validation|code failed to satisfy specified code requirement/i.test(text)) {
    return /running application/i.test(text) ? 'unsigned' : 'badSignature';
  }
  if (code === 'ABORT_ERR' || code === 'ERR_TIMEOUT' || code === 'TimeoutError' || (error instanceof Error && error.name === 'TimeoutError')) return 'timeout';
  if (code && TIMEOUT_CODES.has(code)) return 'timeout';
  if (/net::ERR_(TIMED_OUT|CONNECTION_TIMED_OUT)/.test(text)) return 'timeout';
  if (code && OFFLINE_CODES.has(code)) return 'offline';
  if (/net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|CONNECTION_REFUSED|CONNECTION_RESET|NETWORK_CHANGED|ADDRESS_UNREACHABLE|PROXY_CONNECTION_FAILED|TUNNEL_CONNECTION_FAILED|NAME_RESOLUTION_FAILED|CERT_[A-Z_]+)/.test(text)) {
    return 'offline';
  }
  if (error instanceof TypeError && /fetch failed/i.test(text)) return 'offline';
  return 'unknown';
}

export interface ProblemText {
  messageZh: string;
  message: string;
  adviceZh: string;
  advice: string;
}

const RETRY_ZH = '稍后会自动重试，也可以点击“立即检查”。';
const RETRY_EN = 'It is tried again later by itself, or click "Check now".';

export const UPDATE_PROBLEM_TEXT: Record<UpdateProblemKind, ProblemText> = {
  offline: {
    messageZh: '无法连接更新服务器',
    message: 'The update server could not be reached',
    adviceZh: `检查网络和代理设置，或请 IT 确认更新地址可以访问。${RETRY_ZH}`,
    advice: `Check the network and proxy, or ask IT whether the update address is reachable. ${RETRY_EN}`,
  },
  timeout: {
    messageZh: '更新服务器响应超时',
    message: 'The update server did not answer in time',
    adviceZh: `网络可能较慢或服务器繁忙。${RETRY_ZH}`,
    advice: `The network may be slow or the server busy. ${RETRY_EN}`,
  },
  notFound: {
    messageZh: '更新地址上没有找到更新文件（404）',
    message: 'No update file was found at the update address (404)',
    adviceZh: '请 IT 确认更新地址正确，并且服务器上已放好 latest.yml 和安装包。',
    advice: 'Ask IT to check the update address and that latest.yml and the installers are on the server.',
  },
  server: {
    messageZh: '更新服务器返回了错误',
    message: 'The update server answered with an error',
    adviceZh: `请 IT 检查更新服务器。${RETRY_ZH}`,
    advice: `Ask IT to look at the update server. ${RETRY_EN}`,
  },
  invalidFeed: {
    messageZh: '更新文件格式不正确',
    message: 'The update file is not in the expected format',
    adviceZh: '请 IT 重新上传打包时生成的 latest.yml（不要手工修改）。',
    advice: 'Ask IT to upload the latest.yml the build produced again (unedited).',
  },
  noChecksum: {
    messageZh: '更新文件没有安装包的校验值（sha512），为安全起见不下载',
    message: 'The update file gives no checksum (sha512) for the installer, so nothing is downloaded',
    adviceZh: '请 IT 上传打包时生成的 latest.yml，它包含每个安装包的 sha512。',
    advice: 'Ask IT to upload the latest.yml the build produced; it holds each installer\'s sha512.',
  },
  checksum: {
    messageZh: '下载的安装包与校验值不符，已丢弃',
    message: 'The downloaded installer does not match its checksum and was discarded',
    adviceZh: `可能是下载被中断或服务器上的文件与 latest.yml 不一致。${RETRY_ZH}`,
    advice: `The download may have been cut short, or the server's file does not match latest.yml. ${RETRY_EN}`,
  },
  badSignature: {
    messageZh: '新版本的签名与当前版本的发布者不一致，已拒绝安装',
    message: 'The new version is not signed by the same publisher as this one, so it was refused',
    adviceZh: '请联系 IT：安装包必须使用公司的代码签名证书签名。',
    advice: "Contact IT: the installer must be signed with the company's code-signing certificate.",
  },
  unsigned: {
    messageZh: '这个版本没有签名，macOS 不允许它自动更新',
    message: 'This copy is not signed, and macOS does not let it update itself',
    adviceZh: '请从公司的下载页面手动安装新版本，或向 IT 索取已签名的版本。',
    advice: "Install the new version by hand from the company's download page, or ask IT for a signed build.",
  },
  diskFull: {
    messageZh: '磁盘空间不足，无法下载更新',
    message: 'There is not enough disk space to download the update',
    adviceZh: `请清理磁盘空间（需要约 200 MB）。${RETRY_ZH}`,
    advice: `Free some disk space (about 200 MB is needed). ${RETRY_EN}`,
  },
  permission: {
    messageZh: '没有权限写入或运行更新安装包',
    message: 'The update installer could not be written or started (no permission)',
    adviceZh: '请 IT 检查安全软件或目录权限，或手动安装新版本。',
    advice: 'Ask IT to check security software or folder permissions, or install the new version by hand.',
  },
  stillSending: {
    messageZh: '还有回复正在发送，暂不重启',
    message: 'A reply is still being sent, so the app did not restart',
    adviceZh: '回复发送完成后再点击“重启以更新”。',
    advice: 'Click "Restart to update" again once the reply has been sent.',
  },
  installDidNotStart: {
    messageZh: '更新安装程序没有启动',
    message: 'The update installer did not start',
    adviceZh: '请退出应用后重新打开，更新会在退出时安装；或从公司下载页手动安装。',
    advice: "Quit and reopen the app (the update installs on quit), or install it by hand from the company's download page.",
  },
  unknown: {
    messageZh: '更新失败',
    message: 'The update failed',
    adviceZh: RETRY_ZH,
    advice: RETRY_EN,
  },
};
