// What the settings page says about tel: links. The app asks the OS to make it the tel: handler,
// but Windows 10 and 11 only let the user choose defaults, in Settings; there the agent gets the
// steps instead. Shown in the renderer, so it is plain text in both languages.
import { PRODUCT_NAME, PRODUCT_NAME_EN, LINUX_DESKTOP_FILE } from './app-identity';
import { inLanguage, type Language } from './language';

export interface TelHandlerGuidance {
  /** Is this app what opens tel: links now? */
  isDefault: boolean;
  /** False on Windows: only the user can change a default there. */
  canSetItself: boolean;
  summary: string;
  /** Steps for the agent, empty when nothing needs doing. */
  steps: string[];
  /** A settings page the UI may offer to open (Windows only). */
  settingsUri?: string;
}

export function telHandlerGuidance(platform: NodeJS.Platform, language: Language, isDefault: boolean): TelHandlerGuidance {
  const t = (zh: string, en: string) => inLanguage(language, zh, en);
  const app = t(PRODUCT_NAME, PRODUCT_NAME_EN);
  const canSetItself = platform !== 'win32';
  if (isDefault) {
    return {
      isDefault,
      canSetItself,
      summary: t(`点击网页或邮件里的电话号码时，会用${app}通过工作手机拨打。`, `Phone numbers clicked in web pages or e-mails are dialled by ${app} through your work phone.`),
      steps: [],
    };
  }
  if (platform === 'win32') {
    return {
      isDefault,
      canSetItself,
      summary: t(
        `Windows 不允许软件自行设置默认应用，请按下面的步骤把${app}设为电话链接（TEL）的打开方式。`,
        `Windows does not let apps make themselves the default. Follow these steps to choose ${app} for phone (TEL) links.`,
      ),
      steps: [
        t('打开“设置” → “应用” → “默认应用”。', 'Open Settings → Apps → Default apps.'),
        t('在页面顶部的搜索框输入 TEL（Windows 10：点“按协议指定默认应用”，在列表中找到 TEL）。', 'Type TEL in the search box at the top (Windows 10: click "Choose default apps by protocol" and find TEL).'),
        t(`点击 TEL 旁边当前的应用，在列表中选择“${app}”。`, `Click the app shown next to TEL and pick "${app}" from the list.`),
        t('回到浏览器或邮件，再点一次电话号码试试。', 'Go back to your browser or e-mail and click the phone number again.'),
      ],
      settingsUri: 'ms-settings:defaultapps',
    };
  }
  if (platform === 'darwin') {
    return {
      isDefault,
      canSetItself,
      summary: t(`另一个应用正在处理电话链接。可以在 FaceTime 里改回${app}。`, `Another app handles phone links. You can switch back to ${app} in FaceTime.`),
      steps: [
        t('打开 FaceTime，在菜单栏选择“FaceTime 通话” → “设置”。', 'Open FaceTime and choose FaceTime → Settings in the menu bar.'),
        t(`在“通用”里的“默认通话应用”中选择“${app}”。`, `Under General, set "Default for calls" to "${app}".`),
      ],
    };
  }
  return {
    isDefault,
    canSetItself,
    summary: t(`另一个应用正在处理电话链接。可以在终端里把${app}设为默认：`, `Another app handles phone links. You can make ${app} the default from a terminal:`),
    steps: [`xdg-mime default ${LINUX_DESKTOP_FILE} x-scheme-handler/tel`],
  };
}
