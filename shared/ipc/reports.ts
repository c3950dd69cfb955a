// The agent's own call statistics (7moor report/callReport and callDetail).
import { z } from 'zod';
import { Agent, CallDetail, CallDetailPeriod, CallReport } from '../model';
import { method } from './define';
import { AccountId, VendorKey } from './common';

export const reportMethods = {
  'reports.getCallReport': method(z.object({ accountId: AccountId.optional(), agentId: VendorKey.optional() }).strict(), CallReport),
  'reports.getCallDetail': method(
    z.object({ accountId: AccountId.optional(), agentId: VendorKey.optional(), period: CallDetailPeriod }).strict(),
    CallDetail,
  ),
  'reports.listAgents': method(z.object({ accountId: AccountId.optional() }).strict(), z.array(Agent)),
};

export const reportEvents = {};
