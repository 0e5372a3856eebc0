/** The append-only audit log: one row per action, written in the transaction of the change it records. */
import type { Db } from './client.js';
import { auditLog } from './schema.js';

export interface AuditInput {
  actorId: string | null;
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  details: Record<string, unknown>;
}

export async function appendAudit(db: Db, entry: AuditInput): Promise<void> {
  await db.insert(auditLog).values(entry);
}
