/**
 * Outbox messages typed by the topic catalog and validated by its own schemas where they are built:
 * a message export customs or a carrier could not parse throws here, inside the transaction that
 * would store it, instead of failing at publish time after the state change was committed.
 */
import type { Consignment, Conveyance, Party, TransportMode } from '@safe-screen/domain';
import {
  TOPICS,
  parseTopicMessage,
  type EQUIPMENT_KINDS,
  type EquipmentRef,
  type InspectionCargoDetails,
  type TopicKey,
  type TopicMessage,
} from '@safe-screen/kafka/topics';
import type { CargoFacts, PlaceFacts } from './states.js';

/** One outbox row: a topic of the catalog, its key, and a payload of that topic's type. */
export type OutboxMessage = { [K in TopicKey]: { topic: K; key: string; payload: TopicMessage<K> } }[TopicKey];

/** Validates and keys a message with the catalog (throws KafkaMessageInvalidError when invalid). */
export function outboxMessage<K extends TopicKey>(topic: K, payload: TopicMessage<K>): OutboxMessage {
  const parsed = parseTopicMessage(topic, payload);
  const definition = TOPICS[topic] as { key(message: TopicMessage<K>): string };
  return { topic, key: definition.key(parsed), payload: parsed } as OutboxMessage;
}

const COUNTRY = /^[A-Z]{2}$/;

/** Text cut to a schema's limit; undefined when empty. */
function clip(value: string | null | undefined, max: number): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text.slice(0, max);
}

function partyRef(parties: readonly Party[], role: Party['role']) {
  const party = parties.find((p) => p.role === role);
  const name = clip(party?.name, 256);
  if (name === undefined) return undefined;
  const country = party?.address?.country?.toUpperCase();
  return { name, ...(country !== undefined && COUNTRY.test(country) ? { country } : {}) };
}

/**
 * What an inspector needs, from the consignment and the conveyance as filed, cut to the topic's
 * limits so a long filing can never make the request fail its schema.
 */
export function inspectionDetails(consignment: Consignment, conveyance: Conveyance): InspectionCargoDetails {
  const nationality = conveyance.nationality?.toUpperCase();
  const identifier = clip(conveyance.identifier, 35);
  const name = clip(conveyance.name, 256);
  const voyage = clip(conveyance.conveyanceReference, 70);
  const seals = consignment.equipment
    .map((e) => ({ equipment: clip(e.containerNumber, 35), seals: e.seals.map((s) => clip(s, 35)).filter((s): s is string => s !== undefined).slice(0, 20) }))
    .filter((e): e is { equipment: string; seals: string[] } => e.equipment !== undefined && e.seals.length > 0)
    .slice(0, 500);
  const goods = consignment.goods.slice(0, 999).flatMap((g) => {
    const description = clip(g.description, 512);
    if (description === undefined) return [];
    const hsCode = clip(g.commodityCode, 10);
    const packages = g.packages.reduce((n, p) => n + (Number.isInteger(p.count) && p.count! >= 0 ? p.count! : 0), 0);
    return [{
      description,
      ...(hsCode === undefined ? {} : { hsCode }),
      ...(g.packages.some((p) => p.count !== undefined) ? { packages } : {}),
      ...(g.grossMassKg !== undefined && Number.isFinite(g.grossMassKg) && g.grossMassKg >= 0 ? { grossMassKg: g.grossMassKg } : {}),
    }];
  });
  const consignor = partyRef(consignment.parties, 'consignor');
  const consignee = partyRef(consignment.parties, 'consignee');
  const total = consignment.totalPackages;
  const mass = consignment.totalGrossMassKg;
  return {
    conveyance: {
      mode: conveyance.mode,
      ...(identifier === undefined ? {} : { identifier }),
      ...(name === undefined ? {} : { name }),
      ...(nationality !== undefined && COUNTRY.test(nationality) ? { nationality } : {}),
      ...(voyage === undefined ? {} : { voyage }),
    },
    ...(seals.length === 0 ? {} : { seals }),
    ...(goods.length === 0 ? {} : { goods }),
    ...(total !== undefined && Number.isInteger(total) && total >= 0 ? { totalPackages: total } : {}),
    ...(mass !== undefined && Number.isFinite(mass) && mass >= 0 ? { totalGrossMassKg: mass } : {}),
    ...(consignor === undefined ? {} : { consignor }),
    ...(consignee === undefined ? {} : { consignee }),
  };
}

/** What a notice requires of the carrier, and by when (the expected loading, when filed). */
export function requirementOf(kind: string, consignmentId: string | null, loadingAt: string | null): { required: string | null; dueBy: string | null } {
  switch (kind) {
    case 'request_for_information':
      return { required: `answer the request for information (POST /v1/consignments/${consignmentId ?? '{id}'}/information)`, dueBy: loadingAt };
    case 'screening_request':
      return { required: `screen the consignment before loading and report the screening (POST /v1/consignments/${consignmentId ?? '{id}'}/screening)`, dueBy: loadingAt };
    case 'do_not_load':
      return { required: 'do not load the consignment', dueBy: null };
    default:
      return { required: null, dueBy: null };
  }
}

const CONTAINER = /^[A-Z]{3}[UJZR][0-9]{7}$/;
const ULD = /^[A-Z]{3}[0-9]{4,5}[A-Z0-9]{2}$/;
const WAGON = /^[0-9]{12}$/;

/** What kind of equipment an identifier as filed is, judged by its shape and the transport mode. */
export function equipmentRef(identifier: string, mode: TransportMode): EquipmentRef {
  const compact = identifier.toUpperCase().replace(/[\s-]/g, '');
  if (CONTAINER.test(compact)) return { kind: 'container', identifier: compact };
  if (ULD.test(compact)) return { kind: 'uld', identifier: compact };
  if (WAGON.test(compact)) return { kind: 'wagon', identifier: compact };
  const asFiled = identifier.trim().slice(0, 35) || compact.slice(0, 35);
  return { kind: mode === 'road' ? 'trailer' : 'other', identifier: asFiled };
}

const CARGO_TYPE_OF: Record<(typeof EQUIPMENT_KINDS)[number], 'containerised' | 'uld' | 'trailer' | 'wagon' | 'other'> = {
  container: 'containerised',
  uld: 'uld',
  trailer: 'trailer',
  wagon: 'wagon',
  other: 'other',
};

const UNLOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;

/** The identifying part of an inspection request: documents, equipment, place, cargo type. */
export function cargoIdentification(cargo: CargoFacts, mode: TransportMode) {
  const equipment = [...new Map(cargo.equipment.filter((e) => e.trim() !== '').map((e) => {
    const ref = equipmentRef(e, mode);
    return [`${ref.kind}:${ref.identifier}`, ref] as const;
  })).values()];
  const first = equipment[0];
  const cargoType = first === undefined ? (cargo.containerised === true ? undefined : ('break_bulk' as const)) : CARGO_TYPE_OF[first.kind];
  return {
    ...(cargo.transportDocumentNumber === null || cargo.transportDocumentNumber.trim() === '' ? {} : { transportDocumentNumber: cargo.transportDocumentNumber.trim().slice(0, 70) }),
    containerNumbers: equipment.filter((e) => e.kind === 'container').map((e) => e.identifier),
    equipment,
    ...(cargoType === undefined ? {} : { cargoType }),
    ...placeOfLoading(cargo.placeOfLoading),
  };
}

function placeOfLoading(place: PlaceFacts): { placeOfLoading?: string; placeOfLoadingName?: string } {
  const code = place.unlocode?.toUpperCase() ?? null;
  if (code !== null && UNLOCODE.test(code)) return { placeOfLoading: code };
  const name = [place.name, code, place.country].find((p): p is string => p !== null && p.trim() !== '');
  return name === undefined ? {} : { placeOfLoadingName: name.trim().slice(0, 256) };
}
