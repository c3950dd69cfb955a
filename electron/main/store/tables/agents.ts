import type { Agent } from '@shared/model';
import type { ReadDb, WriteDb } from '../db';

export function upsertAgent(db: WriteDb, accountId: string, agent: Agent, now: number): 'inserted' | 'updated' | 'unchanged' {
  const cached = db
    .select<{ name: string; phone: string | null }>(
      'SELECT name, phone FROM agents WHERE account_id = @accountId AND vendor_id = @vendorId',
    )
    .get({ accountId, vendorId: agent.vendorId });
  const phone = agent.phone ?? null;
  if (cached && cached.name === agent.name && cached.phone === phone) return 'unchanged';
  db.write(
    `INSERT INTO agents (account_id, vendor_id, name, phone, updated_at) VALUES (@accountId, @vendorId, @name, @phone, @now)
     ON CONFLICT (account_id, vendor_id) DO UPDATE SET name = excluded.name, phone = excluded.phone, updated_at = excluded.updated_at`,
  ).run({ accountId, vendorId: agent.vendorId, name: agent.name, phone, now });
  return cached ? 'updated' : 'inserted';
}

export function listAgents(db: ReadDb, accountId: string): Agent[] {
  return db
    .select<{ vendorId: string; name: string; phone: string | null }>(
      'SELECT vendor_id AS vendorId, name, phone FROM agents WHERE account_id = @accountId ORDER BY name, vendor_id',
    )
    .all({ accountId })
    .map((row) => ({ vendorId: row.vendorId, name: row.name, ...(row.phone !== null ? { phone: row.phone } : {}) }));
}
