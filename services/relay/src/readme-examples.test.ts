/** The README's carrier-notification example is a valid message of its topic (issue 17: documented shapes are checked). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTopicMessage } from '@safe-screen/kafka/topics';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function jsonAfter(heading: string): unknown {
  const section = README.slice(README.indexOf(heading));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error(`no json block after ${heading}`);
  return JSON.parse(block[1]!);
}

describe('services/relay/README.md examples', () => {
  it('the carrier-notification example passes the topic schema, with every field it documents', () => {
    const parsed = parseTopicMessage('carrierNotifications', jsonAfter('### `safe-screen.carrier-notifications.v1`'));
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['lrn', 'transportDocumentNumber', 'masterDocumentNumber', 'equipment', 'required', 'dueBy']));
  });

  it('the inspection-request example passes the topic schema, with what an inspector needs', () => {
    const parsed = parseTopicMessage('inspectionRequests', jsonAfter('### `safe-screen.inspection-requests.v1`'));
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['conveyance', 'seals', 'goods', 'totalPackages', 'totalGrossMassKg', 'consignor', 'consignee']));
  });

  it('the feed example carries the same notice with a cursor', () => {
    const feed = jsonAfter('`GET /v1/notifications?after=') as { notifications: Record<string, unknown>[]; cursor: string };
    const topic = jsonAfter('### `safe-screen.carrier-notifications.v1`') as Record<string, unknown>;
    const { schemaVersion: _v, filerId: _f, ...shared } = topic;
    expect(feed.notifications[0]).toMatchObject(shared);
    expect(Buffer.from(feed.cursor, 'base64url').toString('utf8')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\|[0-9a-f-]{36}$/);
  });
});
