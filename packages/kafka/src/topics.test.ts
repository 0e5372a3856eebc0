import { describe, expect, it } from 'vitest';
import { KafkaMessageInvalidError } from './errors.js';
import {
  decodeMessage,
  encodeMessage,
  isTopicKey,
  topicKeyForName,
  TOPICS,
  type CarrierNotification,
  type InspectionRequest,
  type InspectionResponse,
} from './topics.js';

const request: InspectionRequest = {
  schemaVersion: 1,
  requestId: '0b9f3c1e-5a57-4c8e-9d1a-3f6f4b2a7c10',
  mrn: '26NL0000000000012A',
  consignmentId: 'c-1',
  transportDocumentNumber: 'MAEU123456789',
  containerNumbers: ['MSKU1234565'],
  exportCountry: 'CN',
  requestingCountry: 'NL',
  placeOfLoading: 'CNSHA',
  expectedLoadingAt: '2026-11-23T08:00:00Z',
  deadline: '2026-11-23T06:00:00.000Z',
  reasons: [{ code: 'R-ARMS-01', text: 'goods description suggests dual-use items' }],
  requestedMethods: ['xray', 'physical'],
  issuedAt: '2026-11-22T10:00:00+01:00',
};

describe('topic catalog', () => {
  it('names every topic with a versioned safe-screen name and maps names back to keys', () => {
    expect(TOPICS.inspectionRequests.name).toBe('safe-screen.inspection-requests.v1');
    expect(TOPICS.inspectionResponses.name).toBe('safe-screen.inspection-responses.v1');
    expect(TOPICS.carrierNotifications.name).toBe('safe-screen.carrier-notifications.v1');
    expect(topicKeyForName('safe-screen.inspection-responses.v1')).toBe('inspectionResponses');
    expect(topicKeyForName('something.else')).toBeUndefined();
    expect(isTopicKey('carrierNotifications')).toBe(true);
    expect(isTopicKey('toString')).toBe(false);
  });

  it('keys inspection requests and responses by export country, notifications by filer', () => {
    expect(encodeMessage('inspectionRequests', request).key).toBe('CN');
    const ack: InspectionResponse = {
      schemaVersion: 1,
      type: 'acknowledged',
      requestId: request.requestId,
      exportCountry: 'CN',
      acknowledgedAt: '2026-11-22T10:05:00Z',
    };
    expect(encodeMessage('inspectionResponses', ack).key).toBe('CN');
    const notification: CarrierNotification = {
      schemaVersion: 1,
      notificationId: '6f1c2d7e-8b4a-4f3e-a2c1-9d8e7f6a5b4c',
      filerId: 'FILER-42',
      mrn: request.mrn,
      kind: 'do_not_load',
      message: 'Do not load consignment c-1.',
      issuedAt: '2026-11-22T10:00:00Z',
    };
    expect(encodeMessage('carrierNotifications', notification).key).toBe('FILER-42');
  });
});

describe('inspection request schema', () => {
  it('round-trips through encode and decode unchanged', () => {
    const encoded = encodeMessage('inspectionRequests', request);
    expect(encoded.topic).toBe('safe-screen.inspection-requests.v1');
    expect(encoded.schemaVersion).toBe(1);
    const decoded = decodeMessage('inspectionRequests', encoded.value);
    expect(decoded).toEqual({ ok: true, message: request });
  });

  it('never puts a rule weight or other internal field on the wire', () => {
    const leaky = {
      ...request,
      score: 87,
      reasons: [{ code: 'R-ARMS-01', text: 'dual-use', weight: 40 }],
    } as unknown as InspectionRequest;
    const wire = encodeMessage('inspectionRequests', leaky).value.toString('utf8');
    expect(wire).not.toMatch(/weight|score/);
    expect(JSON.parse(wire).reasons).toEqual([{ code: 'R-ARMS-01', text: 'dual-use' }]);
  });

  it('rejects a malformed request before anything is sent, naming the fields', () => {
    const bad = { ...request, exportCountry: 'China', placeOfLoading: '', requestedMethods: [], requestId: 'nope' };
    let thrown: unknown;
    try {
      encodeMessage('inspectionRequests', bad as InspectionRequest);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KafkaMessageInvalidError);
    const error = thrown as KafkaMessageInvalidError;
    expect(error.code).toBe('KAFKA_MESSAGE_INVALID');
    const fields = error.issues.map((i) => i.split(':')[0]);
    expect(fields).toEqual(expect.arrayContaining(['exportCountry', 'placeOfLoading', 'requestedMethods', 'requestId']));
  });

  it('accepts a request without an expected loading time but not one with an unknown method', () => {
    const { expectedLoadingAt: _omitted, ...withoutLoading } = request;
    expect(() => encodeMessage('inspectionRequests', withoutLoading)).not.toThrow();
    expect(() => encodeMessage('inspectionRequests', { ...request, requestedMethods: ['sniffer-dog'] } as never)).toThrow(
      KafkaMessageInvalidError,
    );
  });

  it('rejects a wrong schema version', () => {
    expect(() => encodeMessage('inspectionRequests', { ...request, schemaVersion: 2 } as never)).toThrow(/schemaVersion/);
  });
});

describe('inspection response schema', () => {
  const result: InspectionResponse = {
    schemaVersion: 1,
    type: 'result',
    requestId: request.requestId,
    exportCountry: 'CN',
    outcome: 'anomaly_found',
    findings: 'undeclared lithium batteries in container MSKU1234565',
    inspectedAt: '2026-11-22T14:00:00Z',
    reportedAt: '2026-11-22T15:00:00Z',
  };

  it('decodes acknowledgements and results by their type', () => {
    const decoded = decodeMessage('inspectionResponses', encodeMessage('inspectionResponses', result).value);
    expect(decoded.ok).toBe(true);
    if (decoded.ok && decoded.message.type === 'result') expect(decoded.message.outcome).toBe('anomaly_found');
    else expect.fail('expected a result');
  });

  it('requires a reason when export customs did not inspect', () => {
    expect(() => encodeMessage('inspectionResponses', { ...result, outcome: 'not_inspected', findings: undefined })).toThrow(/reason/);
    expect(() =>
      encodeMessage('inspectionResponses', { ...result, outcome: 'not_inspected', reason: 'container already loaded' }),
    ).not.toThrow();
  });

  it('rejects an unknown response type and an unknown outcome', () => {
    expect(decodeMessage('inspectionResponses', Buffer.from(JSON.stringify({ ...result, type: 'cancelled' }))).ok).toBe(false);
    expect(decodeMessage('inspectionResponses', Buffer.from(JSON.stringify({ ...result, outcome: 'maybe' }))).ok).toBe(false);
  });
});

describe('decodeMessage', () => {
  it('reports non-JSON, empty and invalid values without throwing', () => {
    expect(decodeMessage('carrierNotifications', Buffer.from('{not json'))).toMatchObject({ ok: false });
    expect(decodeMessage('carrierNotifications', null)).toMatchObject({ ok: false, issues: [expect.stringMatching(/tombstone/)] });
    const invalid = decodeMessage('carrierNotifications', Buffer.from(JSON.stringify({ schemaVersion: 1, kind: 'spam' })));
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.issues.join('\n')).toMatch(/kind/);
  });

  it('ignores fields a newer producer added', () => {
    const notification = {
      schemaVersion: 1,
      notificationId: '6f1c2d7e-8b4a-4f3e-a2c1-9d8e7f6a5b4c',
      filerId: 'FILER-42',
      mrn: request.mrn,
      kind: 'assessment_complete',
      message: 'Assessment complete.',
      issuedAt: '2026-11-22T10:00:00Z',
      channel: 'sms',
    };
    const decoded = decodeMessage('carrierNotifications', Buffer.from(JSON.stringify(notification)));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(decoded.message).not.toHaveProperty('channel');
  });
});
