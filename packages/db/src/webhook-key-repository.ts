/**
 * Per-filer webhook signing-key generations, kept in the settings table (`webhook_key:<filer id>`).
 * A filer without a row is on generation 0, the key every filer had before rotation existed.
 * Rotation is one atomic upsert, so two concurrent rotations give two generations, never one lost.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { settings } from './schema.js';

export interface WebhookKeyState {
  generation: number;
  /** When the current generation replaced the previous one (undefined on generation 0). */
  rotatedAt?: Date;
}

const keyOf = (filerId: string): string => `webhook_key:${filerId}`;

function parse(value: string | undefined): WebhookKeyState {
  if (value === undefined) return { generation: 0 };
  const parsed = JSON.parse(value) as { generation: number; rotatedAt: string };
  return { generation: parsed.generation, rotatedAt: new Date(parsed.rotatedAt) };
}

export async function findWebhookKeyState(db: Db, filerId: string): Promise<WebhookKeyState> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, keyOf(filerId)));
  return parse(row?.value);
}

export async function rotateWebhookKey(db: Db, filerId: string): Promise<WebhookKeyState> {
  const [row] = await db
    .insert(settings)
    .values({ key: keyOf(filerId), value: sql`json_build_object('generation', 1, 'rotatedAt', now())::text` })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: sql`json_build_object('generation', (${settings.value}::json->>'generation')::int + 1, 'rotatedAt', now())::text`, updatedAt: sql`now()` },
    })
    .returning({ value: settings.value });
  return parse(row?.value);
}
