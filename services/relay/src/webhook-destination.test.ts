import { describe, expect, it } from 'vitest';
import { WebhookDestinationPolicy, WebhookDestinationRefused } from './webhook-destination.js';

describe('WebhookDestinationPolicy', () => {
  const policy = new WebhookDestinationPolicy();

  it('refuses loopback, private, link-local (metadata), CGNAT, multicast and reserved addresses', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254', 'ff02::1']) {
      expect(policy.permits(address), address).toBe(false);
    }
  });

  it('refuses IPv6 forms that carry a refused IPv4 address', () => {
    for (const address of ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::10.0.0.1', '2002:7f00:1::1']) expect(policy.permits(address), address).toBe(false);
    expect(policy.permits('::ffff:8.8.8.8')).toBe(true);
  });

  it('permits public addresses', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(policy.permits(address), address).toBe(true);
  });

  it('refuses odd spellings of internal addresses, which the URL parser normalises', () => {
    for (const url of ['http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f.1/', 'http://0x7f000001/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:8080/']) {
      expect(() => policy.checkLiteralHost(new URL(url)), url).toThrow(WebhookDestinationRefused);
    }
    expect(() => policy.checkLiteralHost(new URL('https://filer.example/hooks'))).not.toThrow();
  });

  it('refuses a name that resolves to an internal address at connection time', async () => {
    const refused = await new Promise<Error | null>((resolve) => policy.lookup('localhost', {}, (error) => resolve(error)));
    expect(refused).toBeInstanceOf(WebhookDestinationRefused);
  });

  it('lets the operator allow named internal addresses and ranges', () => {
    const allowing = new WebhookDestinationPolicy(['127.0.0.1', '10.20.0.0/16']);
    expect(allowing.permits('127.0.0.1')).toBe(true);
    expect(allowing.permits('10.20.3.4')).toBe(true);
    expect(allowing.permits('10.21.3.4')).toBe(false);
    expect(allowing.permits('169.254.169.254')).toBe(false);
  });
});
