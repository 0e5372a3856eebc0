/** Code-list membership: UN/LOCODE, ISO 3166-1 alpha-2 (with customs user codes), HS 2022/2017. */
import { isCommodityCodeShape } from '@safe-screen/domain';
import type { Party, Place } from '@safe-screen/domain';
import { hsCodeExists, isKnownCountry, isKnownUnlocode } from '@safe-screen/reference';
import type { GateContext } from './gate-context.js';

const PLACE_FIELDS = ['placeOfAcceptance', 'placeOfLoading', 'placeOfUnloading', 'placeOfDelivery'] as const;

export function checkCodeLists(ctx: GateContext): void {
  const { filing } = ctx;
  const { conveyance } = filing;
  if (conveyance.nationality !== undefined) checkCountry(ctx, conveyance.nationality, ctx.locate.header('nationality'));
  conveyance.routingCountries.forEach((country, i) => checkCountry(ctx, country, ctx.locate.header('conveyanceRouting', i)));
  conveyance.itinerary.forEach((place, i) => checkPlace(ctx, place, ctx.locate.header('itinerary', i)));
  for (const party of filing.parties) checkParty(ctx, party);

  for (const consignment of filing.consignments) {
    for (const field of PLACE_FIELDS) {
      const place = consignment[field];
      if (place !== undefined) checkPlace(ctx, place, ctx.locate.field(consignment.location, field));
    }
    consignment.routingCountries.forEach((country, i) => checkCountry(ctx, country, ctx.locate.field(consignment.location, 'routingCountry', i)));
    for (const party of consignment.parties) checkParty(ctx, party);
    for (const item of consignment.goods) {
      if (item.originCountry !== undefined) checkCountry(ctx, item.originCountry, ctx.locate.field(item.location, 'originCountry'));
      if (item.commodityCode !== undefined) checkCommodityCode(ctx, item.commodityCode, ctx.locate.field(item.location, 'commodityCode'));
    }
  }
}

function checkCountry(ctx: GateContext, code: string, location: string): void {
  if (!isKnownCountry(code)) ctx.report('error', 'COUNTRY_CODE_UNKNOWN', `country code "${code}" is not ISO 3166-1 alpha-2 or a customs user code`, location, code);
}

function checkPlace(ctx: GateContext, place: Place, location: string): void {
  if (place.unlocode !== undefined) {
    if (!isKnownUnlocode(place.unlocode)) ctx.report('error', 'UNLOCODE_UNKNOWN', `location code "${place.unlocode}" is not in the UN/LOCODE list`, withChild(ctx, location, 'UNLOCODE'), place.unlocode);
    return;
  }
  if (place.country !== undefined) checkCountry(ctx, place.country, withChild(ctx, location, 'Country'));
}

/** Canonical places have UNLOCODE/Country children; other formats point at the place element itself. */
function withChild(ctx: GateContext, location: string, child: string): string {
  return ctx.filing.format === 'canonical' ? `${location}/${child}` : location;
}

function checkParty(ctx: GateContext, party: Party): void {
  const country = party.address?.country;
  if (country !== undefined) checkCountry(ctx, country, ctx.locate.field(party.location, 'partyCountry'));
}

function checkCommodityCode(ctx: GateContext, code: string, location: string): void {
  if (!isCommodityCodeShape(code)) {
    ctx.report('error', 'HS_CODE_MALFORMED', `commodity code "${code}" must be 6 to 10 digits and not start with chapter 00 or 77`, location, code);
    return;
  }
  if (!hsCodeExists(code)) {
    ctx.report('error', 'HS_CODE_UNKNOWN', `commodity code "${code}": subheading ${code.slice(0, 6)} exists in neither HS 2022 nor HS 2017`, location, code);
  }
}
