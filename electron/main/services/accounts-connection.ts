// "Test connection": one cheap call per vendor that proves the address, the secret and the
// tenant's API access, and changes nothing on the vendor's side.
// - 7moor: getUsers, which signs in with the client secret first when no valid token is kept
//   (a refused secret, 4008 IP not whitelisted and 4009 API not enabled all show up here);
// - Youmi: a one-row ChatMess query for the first followed WeChat account, then for v2 a one-row
//   GetChat of the fan that row names (v2's own Bearer auth and TenantId);
// - Zhuge: query_num, the one endpoint that does not mark messages read.
import type { VendorClients } from '../app/vendor-registry';

export interface ConnectionCheck {
  checked: string;
  checkedZh: string;
}

/** What the test does, in the agent's words, whether it succeeds or not. */
export function connectionCheckOf(clients: VendorClients): ConnectionCheck {
  switch (clients.vendor) {
    case 'moor':
      return { checkedZh: '登录七陌并读取座席列表', checked: 'Signing in to 7moor and reading the agent list' };
    case 'youmi':
      return { checkedZh: '读取友米聚合的一条聊天记录', checked: 'Reading one chat record from Youmi' };
    case 'zhuge':
      return { checkedZh: '查询诸葛雷达的未读消息数', checked: 'Asking Zhuge radar for the unread count' };
  }
}

/** Runs the vendor's check; throws the vendor's own error (AppError) when it fails. */
export async function checkConnection(clients: VendorClients, signal: AbortSignal): Promise<ConnectionCheck> {
  switch (clients.vendor) {
    case 'moor': {
      const agents = await clients.moor.getAgents(signal);
      return {
        checkedZh: `已登录七陌，读取到 ${agents.length} 个座席`,
        checked: `Signed in to 7moor and read ${agents.length} agent${agents.length === 1 ? '' : 's'}`,
      };
    }
    case 'youmi': {
      const wechatIds = clients.account.settings.wechatIds;
      const firstId = Array.isArray(wechatIds) ? String(wechatIds[0] ?? '') : '';
      const page = await clients.v1.listChatRecords({ ...(firstId ? { wechatId: firstId } : {}), page: 1, pageSize: 1 }, signal);
      // The decoder keys a chat as "<operator WeChat id>:<fan>", the two ids GetChat needs.
      const key = page.messages[0]?.conversationKey ?? '';
      const wechatId = Number(key.slice(0, key.indexOf(':')));
      const fansKey = key.slice(key.indexOf(':') + 1);
      if (clients.v2 && Number.isSafeInteger(wechatId) && wechatId > 0 && fansKey && fansKey !== '?') {
        await clients.v2.getChat({ fansKey, wechatId, pageSize: 1 }, signal);
      }
      if (page.rowCount === 0) {
        // Connected, but a v2 account finds its conversations through exactly these records.
        const which = firstId ? `运营号 ${firstId} 的` : '任何';
        const whichEn = firstId ? ` for operating account ${firstId}` : '';
        return {
          checkedZh: `已连接友米聚合，但 v1 聊天记录里没有${which}记录${clients.v2 ? '：v2 账号靠这些记录发现会话，请在“详情”里查看连接状况' : ''}`,
          checked: `Connected to Youmi, but v1's chat records hold nothing${whichEn}${clients.v2 ? ': a v2 account finds its conversations there; see Details for the account health' : ''}`,
        };
      }
      return { checkedZh: '已读取友米聚合的聊天记录', checked: 'Read chat records from Youmi' };
    }
    case 'zhuge': {
      await clients.zhuge.countRepliesUnreadByCustomer(signal);
      return { checkedZh: '已连接诸葛雷达并查询到未读消息数', checked: 'Connected to Zhuge radar and read the unread count' };
    }
  }
}
