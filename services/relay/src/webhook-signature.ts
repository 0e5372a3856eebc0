/**
 * Webhook signatures, in the scheme filers already know from payment providers:
 *   X-SafeScreen-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<raw body>">
 * The timestamp is signed too, so a captured request cannot be replayed later: the filer rejects
 * signatures older than a tolerance (five minutes by default). Comparison is constant-time.
 *
 * While a filer's signing key is being rotated the header carries two signatures,
 * `t=<t>,v1=<new key>,v1=<old key>`; a receiver accepts the message if any v1 matches a key it holds,
 * so it can switch keys at any moment of the overlap.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-safescreen-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

/** One header with a signature per key (current key first). */
export function signWebhookWithKeys(secrets: readonly string[], body: string, unixSeconds: number): string {
  return [`t=${unixSeconds}`, ...secrets.map((secret) => signWebhook(secret, body, unixSeconds).slice(`t=${unixSeconds},`.length))].join(',');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'expired' | 'mismatch' };

/** What a filer runs on receipt (also used by our tests); `body` is the raw request body. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  const parts = (header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const t = Number(parts.find(([name]) => name === 't')?.[1]);
  const signatures = parts.filter(([name]) => name === 'v1').map(([, value]) => value ?? '');
  if (!Number.isInteger(t) || signatures.length === 0 || signatures.some((v1) => !/^[0-9a-f]{64}$/.test(v1))) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(signWebhook(secret, body, t).slice(`t=${t},v1=`.length), 'hex');
  return signatures.some((v1) => timingSafeEqual(expected, Buffer.from(v1, 'hex'))) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
