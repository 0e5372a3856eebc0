/**
 * Derived, precomputed views of one assessment input that predicates read many times: folded
 * descriptions and names, evidence paths, party keys. Built once per assessment.
 */
import type { Equipment, GoodsItem, Party } from '@safe-screen/domain';
import type { AssessmentInput } from '../assessment/assessment-input.js';
import { partyKey } from '../assessment/party-key.js';
import { foldName, tokeniseName } from '../sanctions/normalise-name.js';

export interface GoodsFacts {
  item: GoodsItem;
  path: string;
  /** Folded description padded with spaces, for whole-word keyword search. */
  text: string;
  hs: string;
}

export interface PartyFacts {
  party: Party;
  path: string;
  key: string;
  /** Folded name padded with spaces. */
  text: string;
  normalisedName: string;
}

export interface EquipmentFacts {
  equipment: Equipment;
  path: string;
}

export interface ConsignmentFacts {
  input: AssessmentInput;
  goods: GoodsFacts[];
  parties: PartyFacts[];
  equipment: EquipmentFacts[];
}

export function padded(text: string): string {
  return ` ${foldName(text)} `;
}

function partyFacts(party: Party, path: string): PartyFacts {
  return { party, path, key: partyKey(party), text: padded(party.name ?? ''), normalisedName: tokeniseName(party.name ?? '').join(' ') };
}

export function buildConsignmentFacts(input: AssessmentInput): ConsignmentFacts {
  const c = input.consignment;
  return {
    input,
    goods: c.goods.map((item, i) => ({ item, path: `goods[${i}]`, text: padded(item.description), hs: item.commodityCode ?? '' })),
    parties: [
      ...c.parties.map((p, i) => partyFacts(p, `parties[${i}]`)),
      ...input.filing.parties.map((p, i) => partyFacts(p, `filing.parties[${i}]`)),
    ],
    equipment: c.equipment.map((equipment, i) => ({ equipment, path: `equipment[${i}]` })),
  };
}
