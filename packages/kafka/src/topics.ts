/**
 * The topic catalog: every Kafka topic this system uses, with its wire schema, its message key and
 * its schema version. It is the single owner of topic names; nothing else spells them.
 *
 * Wire format: UTF-8 JSON of the schema's *parsed* output. Parsing strips fields the schema does
 * not list, so an internal field that leaks into a payload (a rule weight, a score) is dropped
 * before it leaves, rather than published to a foreign administration. Consumers parse the same
 * way, so a newer producer adding an optional field does not break an older consumer.
 *
 * Versioning: a breaking change gets a new topic (`...v2`) and a new catalog entry; within a
 * topic, `schemaVersion` only ever grows by backward-compatible additions.
 */
import { z } from 'zod';
import { KafkaMessageInvalidError } from './errors.js';

const IsoDateTime = z.iso.datetime({ offset: true });
const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code');
const UnLocode = z.string().regex(/^[A-Z]{2}[A-Z2-9]{3}$/, 'a UN/LOCODE (country + 3 characters)');
// Movement Reference Number: 2-digit year, issuing country, 14 characters. The check character is
// verified by the filing side (packages/domain); here only the shape, so a foreign MRN scheme with
// a different check rule still passes.
const Mrn = z.string().regex(/^[0-9]{2}[A-Z]{2}[A-Z0-9]{14}$/, 'an 18-character MRN');
// ISO 6346 shape (owner code, category, serial, check digit); the check digit is the domain's job.
const ContainerNumber = z.string().regex(/^[A-Z]{3}[UJZR][0-9]{7}$/, 'an ISO 6346 container number');
const NonEmpty = z.string().trim().min(1);
// IATA unit load device: type (3 letters), serial (4-5 digits), owner (2 characters), e.g. PMC1337XX.
const UldNumber = z.string().regex(/^[A-Z]{3}[0-9]{4,5}[A-Z0-9]{2}$/, 'an IATA ULD number');
// UIC wagon number: 12 digits (spaces removed).
const WagonNumber = z.string().regex(/^[0-9]{12}$/, 'a 12-digit UIC wagon number');

/**
 * Every kind of transport equipment the filing side accepts, each with the identifier it carries:
 * ISO 6346 containers, IATA ULDs, road trailers and trucks by registration plate, rail wagons, and
 * anything else (swap bodies, tanks) by its identifier as filed. Bulk and break-bulk cargo has none.
 */
export const EQUIPMENT_KINDS = ['container', 'uld', 'trailer', 'wagon', 'other'] as const;
export const EquipmentRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('container'), identifier: ContainerNumber }),
  z.object({ kind: z.literal('uld'), identifier: UldNumber }),
  z.object({ kind: z.literal('trailer'), identifier: NonEmpty.max(35) }),
  z.object({ kind: z.literal('wagon'), identifier: WagonNumber }),
  z.object({ kind: z.literal('other'), identifier: NonEmpty.max(35) }),
]);
export type EquipmentRef = z.infer<typeof EquipmentRefSchema>;

/** How the cargo travels: in equipment, or loose (bulk, break bulk, vehicles on their own wheels). */
export const CARGO_TYPES = ['containerised', 'uld', 'trailer', 'wagon', 'bulk', 'break_bulk', 'other'] as const;

export const INSPECTION_METHODS = ['documentary', 'xray', 'physical', 'radiation', 'sampling'] as const;
export const InspectionMethodSchema = z.enum(INSPECTION_METHODS);
export type InspectionMethod = z.infer<typeof InspectionMethodSchema>;

/** A reason the requesting administration may share: a code and a text, never a rule weight. */
export const ShareableReasonSchema = z.object({
  code: NonEmpty.max(64),
  text: NonEmpty.max(1000),
});
export type ShareableReason = z.infer<typeof ShareableReasonSchema>;

const PartyRefSchema = z.object({ name: NonEmpty.max(256), country: CountryCode.optional() });

/**
 * What an inspector needs to find and examine the cargo (optional additions to schema version 1,
 * present whenever filed): the means of transport and voyage or flight, seals per unit, the goods
 * with their commodity codes, packages and mass, and the consignor and consignee.
 */
export const InspectionCargoDetailsSchema = z.object({
  conveyance: z.object({
    mode: NonEmpty.max(20),
    identifier: NonEmpty.max(35).optional(),
    name: NonEmpty.max(256).optional(),
    nationality: CountryCode.optional(),
    voyage: NonEmpty.max(70).optional(),
  }).optional(),
  seals: z.array(z.object({ equipment: NonEmpty.max(35), seals: z.array(NonEmpty.max(35)).max(20) })).max(500).optional(),
  goods: z.array(z.object({
    description: NonEmpty.max(512),
    hsCode: NonEmpty.max(10).optional(),
    packages: z.number().int().nonnegative().optional(),
    grossMassKg: z.number().nonnegative().optional(),
  })).max(999).optional(),
  totalPackages: z.number().int().nonnegative().optional(),
  totalGrossMassKg: z.number().nonnegative().optional(),
  consignor: PartyRefSchema.optional(),
  consignee: PartyRefSchema.optional(),
});
export type InspectionCargoDetails = z.infer<typeof InspectionCargoDetailsSchema>;

/** Import customs asks export customs to inspect a consignment before it is loaded. */
export const InspectionRequestSchema = z.object({
  ...InspectionCargoDetailsSchema.shape,
  schemaVersion: z.literal(1),
  requestId: z.uuid(),
  mrn: Mrn,
  consignmentId: NonEmpty.max(64),
  /** Absent for cargo filed without a transport document (e.g. a road consignment under a CMR not yet issued). */
  transportDocumentNumber: NonEmpty.max(70).optional(),
  /** ISO 6346 containers only (kept for consumers of the first version); `equipment` lists every unit. */
  containerNumbers: z.array(ContainerNumber),
  /** Every unit of equipment: containers, ULDs, trailers, wagons. Empty for bulk and break bulk. */
  equipment: z.array(EquipmentRefSchema).optional(),
  cargoType: z.enum(CARGO_TYPES).optional(),
  exportCountry: CountryCode,
  requestingCountry: CountryCode,
  /** UN/LOCODE when the place has one; otherwise `placeOfLoadingName` names it. */
  placeOfLoading: UnLocode.optional(),
  placeOfLoadingName: NonEmpty.max(256).optional(),
  /** Absent when the filing gave no loading or departure time. */
  expectedLoadingAt: IsoDateTime.optional(),
  deadline: IsoDateTime,
  reasons: z.array(ShareableReasonSchema),
  requestedMethods: z.array(InspectionMethodSchema).min(1),
  issuedAt: IsoDateTime,
});
export type InspectionRequest = z.infer<typeof InspectionRequestSchema>;

/**
 * Import customs no longer need an inspection they asked for: an officer resolved the risk and
 * released the consignment. Export customs should stop work on it; a result sent anyway is still
 * recorded. Keyed like the requests, on its own topic so consumers of requests keep one schema:
 * a withdrawal can therefore reach a consumer before the request it names when both were still
 * unpublished; such a withdrawal is final for that request id.
 */
export const InspectionWithdrawalSchema = z.object({
  schemaVersion: z.literal(1),
  requestId: z.uuid(),
  mrn: Mrn,
  exportCountry: CountryCode,
  requestingCountry: CountryCode,
  reason: ShareableReasonSchema,
  withdrawnAt: IsoDateTime,
});
export type InspectionWithdrawal = z.infer<typeof InspectionWithdrawalSchema>;

export const InspectionAcknowledgedSchema = z.object({
  schemaVersion: z.literal(1),
  type: z.literal('acknowledged'),
  requestId: z.uuid(),
  exportCountry: CountryCode,
  acknowledgedAt: IsoDateTime,
  officer: NonEmpty.max(200).optional(),
});
export type InspectionAcknowledged = z.infer<typeof InspectionAcknowledgedSchema>;

export const INSPECTION_OUTCOMES = ['no_anomaly', 'anomaly_found', 'seized', 'not_inspected'] as const;

export const InspectionResultSchema = z
  .object({
    schemaVersion: z.literal(1),
    type: z.literal('result'),
    requestId: z.uuid(),
    exportCountry: CountryCode,
    outcome: z.enum(INSPECTION_OUTCOMES),
    reason: NonEmpty.max(2000).optional(),
    findings: NonEmpty.max(10_000).optional(),
    inspectedAt: IsoDateTime,
    reportedAt: IsoDateTime,
  })
  .refine((r) => r.outcome !== 'not_inspected' || r.reason !== undefined, {
    message: 'a not_inspected result must say why (reason)',
    path: ['reason'],
  });
export type InspectionResult = z.infer<typeof InspectionResultSchema>;

/** What export customs sends back: first an acknowledgement, later a result. */
export const InspectionResponseSchema = z.discriminatedUnion('type', [InspectionAcknowledgedSchema, InspectionResultSchema]);
export type InspectionResponse = z.infer<typeof InspectionResponseSchema>;

/** Every notice the lifecycle (packages/cases) sends a filer or a loading carrier. */
export const CARRIER_NOTIFICATION_KINDS = ['assessment_complete', 'request_for_information', 'screening_request', 'do_not_load', 'released'] as const;

/** A message to the filer (carrier or forwarder) about its filing. */
export const CarrierNotificationSchema = z.object({
  schemaVersion: z.literal(1),
  notificationId: z.uuid(),
  filerId: NonEmpty.max(64),
  mrn: Mrn,
  consignmentId: NonEmpty.max(64).optional(),
  kind: z.enum(CARRIER_NOTIFICATION_KINDS),
  message: NonEmpty.max(4000),
  issuedAt: IsoDateTime,
  // What an operations desk needs to act without another call (added in schema version 1; optional).
  lrn: NonEmpty.max(70).optional(),
  transportDocumentNumber: NonEmpty.max(70).optional(),
  masterDocumentNumber: NonEmpty.max(70).optional(),
  /** Container, ULD, trailer or wagon identifiers as filed. */
  equipment: z.array(NonEmpty.max(35)).max(500).optional(),
  /** What is required of the carrier (absent: nothing). */
  required: NonEmpty.max(500).optional(),
  /** By when: the expected loading, when filed. */
  dueBy: IsoDateTime.optional(),
});
export type CarrierNotification = z.infer<typeof CarrierNotificationSchema>;

/**
 * A message that could not be processed, with the reason: kept for an operator instead of blocking
 * its partition or vanishing. `payload` is the original value as text (truncated to 64 KiB).
 */
export const DeadLetterSchema = z.object({
  schemaVersion: z.literal(1),
  sourceTopic: NonEmpty.max(249),
  partition: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  key: z.string().max(1000).optional(),
  /** Stable code: MESSAGE_INVALID (schema), REQUEST_UNKNOWN (no such request for the sender), … */
  reason: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  issues: z.array(z.string().max(2000)),
  payload: z.string().max(64 * 1024),
  deadLetteredAt: IsoDateTime,
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export interface TopicDefinition<S extends z.ZodType> {
  /** The Kafka topic name. */
  readonly name: string;
  readonly schema: S;
  readonly schemaVersion: 1;
  /** The message key: messages with the same key go to the same partition, in order. */
  // Method syntax on purpose: bivariant parameters let a concrete definition be handled as a
  // TopicDefinition<ZodType> by the generic encode/decode code.
  key(message: z.output<S>): string;
  readonly description: string;
}

function defineTopic<S extends z.ZodType>(definition: TopicDefinition<S>): TopicDefinition<S> {
  return definition;
}

export const TOPICS = {
  inspectionRequests: defineTopic({
    name: 'safe-screen.inspection-requests.v1',
    schema: InspectionRequestSchema,
    schemaVersion: 1,
    // One export country's requests stay in one partition, in the order they were issued.
    key: (m) => m.exportCountry,
    description: 'outbound inspection requests to export customs',
  }),
  inspectionWithdrawals: defineTopic({
    name: 'safe-screen.inspection-withdrawals.v1',
    schema: InspectionWithdrawalSchema,
    schemaVersion: 1,
    key: (m) => m.exportCountry,
    description: 'withdrawals of outbound inspection requests no longer needed',
  }),
  inspectionResponses: defineTopic({
    name: 'safe-screen.inspection-responses.v1',
    schema: InspectionResponseSchema,
    schemaVersion: 1,
    // Same key as the requests, so an acknowledgement is never overtaken by its own result.
    key: (m) => m.exportCountry,
    description: 'acknowledgements and results from export customs',
  }),
  carrierNotifications: defineTopic({
    name: 'safe-screen.carrier-notifications.v1',
    schema: CarrierNotificationSchema,
    schemaVersion: 1,
    // Per filer, so a filer's notifications arrive in the order they were issued.
    key: (m) => m.filerId,
    description: 'notifications to filers (carriers, forwarders)',
  }),
  deadLetters: defineTopic({
    name: 'safe-screen.dead-letters.v1',
    schema: DeadLetterSchema,
    schemaVersion: 1,
    // Per source topic, so an operator reads one topic's rejects in the order they came.
    key: (m) => m.sourceTopic,
    description: 'messages a consumer could not process, with the reason',
  }),
} as const;

export type TopicKey = keyof typeof TOPICS;
export type TopicMessage<K extends TopicKey> = z.output<(typeof TOPICS)[K]['schema']>;

export const TOPIC_KEYS = Object.keys(TOPICS) as TopicKey[];

const KEY_BY_NAME = new Map<string, TopicKey>(TOPIC_KEYS.map((k) => [TOPICS[k].name, k]));

/** The catalog key for a Kafka topic name, or undefined for a topic not in the catalog. */
export function topicKeyForName(name: string): TopicKey | undefined {
  return KEY_BY_NAME.get(name);
}

export function isTopicKey(value: string): value is TopicKey {
  return Object.hasOwn(TOPICS, value);
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
}

/**
 * Validates a message against its topic's schema and returns the parsed (wire) form: what the
 * outbox writer stores, so a message that could not be published fails the transaction creating it.
 * Throws KafkaMessageInvalidError naming the topic and every issue.
 */
export function parseTopicMessage<K extends TopicKey>(topicKey: K, message: unknown): TopicMessage<K> {
  const topic: TopicDefinition<z.ZodType> = TOPICS[topicKey];
  const parsed = topic.schema.safeParse(message);
  if (!parsed.success) throw new KafkaMessageInvalidError(topic.name, formatIssues(parsed.error));
  return parsed.data as TopicMessage<K>;
}

export interface EncodedMessage {
  topic: string;
  key: string;
  value: Buffer;
  schemaVersion: number;
}

/**
 * Validates a message against its topic's schema and serialises the parsed result.
 * Throws KafkaMessageInvalidError; never sends anything.
 */
export function encodeMessage<K extends TopicKey>(topicKey: K, message: TopicMessage<K>): EncodedMessage {
  const topic: TopicDefinition<z.ZodType> = TOPICS[topicKey];
  const parsed = topic.schema.safeParse(message);
  if (!parsed.success) throw new KafkaMessageInvalidError(topic.name, formatIssues(parsed.error));
  return {
    topic: topic.name,
    key: topic.key(parsed.data),
    value: Buffer.from(JSON.stringify(parsed.data), 'utf8'),
    schemaVersion: topic.schemaVersion,
  };
}

export type DecodeResult<K extends TopicKey> =
  | { ok: true; message: TopicMessage<K> }
  | { ok: false; issues: string[] };

/** Parses and validates a message value read from a topic. Never throws. */
export function decodeMessage<K extends TopicKey>(topicKey: K, value: Buffer | null | undefined): DecodeResult<K> {
  if (value === null || value === undefined) return { ok: false, issues: ['(root): empty message value (tombstone)'] };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, issues: [`(root): not JSON: ${(error as Error).message}`] };
  }
  const parsed = TOPICS[topicKey].schema.safeParse(json);
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error) };
  return { ok: true, message: parsed.data as TopicMessage<K> };
}
