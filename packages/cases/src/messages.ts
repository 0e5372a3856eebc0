/**
 * Outbox messages typed by the topic catalog and validated by its own schemas where they are built:
 * a message export customs or a carrier could not parse throws here, inside the transaction that
 * would store it, instead of failing at publish time after the state change was committed.
 */
import type { TransportMode } from '@safe-screen/domain';
import {
  TOPICS,
  parseTopicMessage,
  type EQUIPMENT_KINDS,
  type EquipmentRef,
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
