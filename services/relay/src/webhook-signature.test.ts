import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

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
});
