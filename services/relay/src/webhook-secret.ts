/**
 * The service's webhook secret: the configured one, or one generated on first start and stored in
 * the settings table, so every instance (and every restart) signs with the same secret. First
 * writer wins when several instances start at once.
 */
import { randomBytes } from 'node:crypto';
import { ensureSetting, type Db } from '@safe-screen/db';

export const WEBHOOK_SECRET_SETTING = 'webhook_secret';

export async function resolveWebhookSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured !== undefined) return configured;
  return ensureSetting(db, WEBHOOK_SECRET_SETTING, randomBytes(32).toString('hex'));
}
