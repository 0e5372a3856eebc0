import { describe, expect, it } from 'vitest';
import { deriveFilerWebhookSecret, filerSigningKeys, WEBHOOK_KEY_OVERLAP_MS } from './webhook-dispatcher.js';
import { signWebhook, signWebhookWithKeys, verifyWebhookSignature } from './webhook-signature.js';

const secret = 'a-filer-signing-secret';
const body = '{"notificationId":"n-1","kind":"do_not_load"}';
const t = 1_790_000_000;

describe('webhook signatures', () => {
  it('verifies what it signed, within the tolerance', () => {
    const header = signWebhook(secret, body, t);
    expect(header).toMatch(/^t=1790000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, body, header, t + 60)).toEqual({ ok: true });
  });

  it('refuses a changed body, a different secret, an old timestamp and a malformed header', () => {
    const header = signWebhook(secret, body, t);
    expect(verifyWebhookSignature(secret, body.replace('do_not_load', 'assessment_complete'), header, t)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature('another-secret', body, header, t)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(secret, body, header, t + 301)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyWebhookSignature(secret, body, 'v1=abc', t)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhookSignature(secret, body, undefined, t)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a signature replayed with a forged timestamp', () => {
    const header = signWebhook(secret, body, t);
    const forged = header.replace(`t=${t}`, `t=${t + 1000}`);
    expect(verifyWebhookSignature(secret, body, forged, t + 1000)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts a message carrying two signatures when either key verifies (key rotation overlap)', () => {
    const header = signWebhookWithKeys(['new-key', 'old-key'], 'body', 1000);
    expect(header).toMatch(/^t=1000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('new-key', 'body', header, 1000)).toEqual({ ok: true });
    expect(verifyWebhookSignature('old-key', 'body', header, 1000)).toEqual({ ok: true });
    expect(verifyWebhookSignature('other-key', 'body', header, 1000)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('signs with the previous key too only during the overlap after a rotation', () => {
    const rotatedAt = new Date('2026-01-01T00:00:00Z');
    const during = filerSigningKeys('secret', 'filer-1', { generation: 2, rotatedAt }, new Date(rotatedAt.getTime() + 3600_000));
    expect(during).toEqual([deriveFilerWebhookSecret('secret', 'filer-1', 2), deriveFilerWebhookSecret('secret', 'filer-1', 1)]);
    const after = filerSigningKeys('secret', 'filer-1', { generation: 2, rotatedAt }, new Date(rotatedAt.getTime() + WEBHOOK_KEY_OVERLAP_MS + 1));
    expect(after).toEqual([deriveFilerWebhookSecret('secret', 'filer-1', 2)]);
    expect(filerSigningKeys('secret', 'filer-1', { generation: 0 }, rotatedAt)).toEqual([deriveFilerWebhookSecret('secret', 'filer-1')]);
    expect(deriveFilerWebhookSecret('secret', 'filer-1', 1)).not.toBe(deriveFilerWebhookSecret('secret', 'filer-1'));
  });
});
