// The agent's own call statistics, straight from 7moor (callReport / callDetail) for the agent
// chosen in "my work phone", and the agent list (getUsers), cached for offline use.
import { appError } from '@shared/errors';
import type { AppContract } from '@shared/ipc/contract';
import type { reportMethods } from '@shared/ipc/reports';
import type { Handlers } from '../ipc/router';
import type { AppContext } from '../app/context';
import { getMyWorkPhone } from './identity';

export function createReportHandlers(context: AppContext): Pick<Handlers<AppContract>, keyof typeof reportMethods> {
  const { store, vendors } = context;

  const target = (accountId?: string, agentId?: string) => {
    const mine = getMyWorkPhone(context);
    const account = vendors.primaryMoor(accountId ?? mine?.accountId);
    const agent = agentId ?? (mine?.accountId === account.accountId ? mine.agentId : undefined);
    if (!agent) {
      throw appError(
        'VALIDATION',
        '请先在 设置 → 我的工作手机 中从座席列表选择您自己，才能查看您的通话统计',
        'Pick yourself from the agent list in Settings → My work phone to see your call statistics',
        { field: 'agentId', reason: 'noAgent' },
      );
    }
    return { ...account, agentId: agent };
  };

  return {
    'reports.getCallReport': ({ accountId, agentId }) => {
      const t = target(accountId, agentId);
      return t.client.getCallReport(t.agentId);
    },
    'reports.getCallDetail': ({ accountId, agentId, period }) => {
      const t = target(accountId, agentId);
      return t.client.getCallDetail(t.agentId, period);
    },
    'reports.listAgents': async ({ accountId }) => {
      const account = vendors.primaryMoor(accountId ?? getMyWorkPhone(context)?.accountId);
      try {
        const agents = await account.client.getAgents();
        store.applyAgentPage({ accountId: account.accountId, items: agents });
        return agents;
      } catch (error) {
        // Offline: the list cached by the last sync is still the right list.
        const cached = store.agents.list(account.accountId);
        if (cached.length) return cached;
        throw error;
      }
    },
  };
}
