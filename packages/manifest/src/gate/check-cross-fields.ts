/** Rules that relate one field to another (ICS2 HTI rules and conditions, domain.md 2.2.6). */
import type { Consignment, Place } from '@safe-screen/domain';
import type { GateContext } from './gate-context.js';

export function checkCrossFields(ctx: GateContext): void {
  checkSchedule(ctx);
  checkParties(ctx);
  const houseDocuments = new Map<string, number>();
  const reportedRouting = new Set<string>();
  for (const consignment of ctx.filing.consignments) {
    checkRouting(ctx, consignment, reportedRouting);
    checkItemNumbers(ctx, consignment);
    checkEquipment(ctx, consignment);
    checkTotals(ctx, consignment);
    const houseNumber = consignment.masterTransportDocument === undefined ? undefined : consignment.transportDocument?.number;
    if (houseNumber !== undefined) {
      const seen = houseDocuments.get(houseNumber);
      if (seen !== undefined) {
        ctx.report('error', 'HOUSE_DOCUMENT_DUPLICATE', `house transport document "${houseNumber}" is also used by consignment ${seen}`, ctx.locate.field(consignment.location, 'transportDocument'), houseNumber);
      } else houseDocuments.set(houseNumber, consignment.sequence);
    }
  }
}

const countryOf = (place: Place | undefined): string | undefined => place?.country ?? place?.unlocode?.slice(0, 2);

/**
 * R3013/R3014 concern the routing of the means of transport: it starts in the country of loading and
 * ends in the country of unloading. R3022 concerns the consignment's own routing, which runs from
 * acceptance to delivery (and may go on past the place of unloading). Conveyance findings repeat for
 * every consignment loaded at the same place, so each distinct one is reported once.
 */
function checkRouting(ctx: GateContext, consignment: Consignment, reported: Set<string>): void {
  const route = ctx.filing.conveyance.routingCountries;
  const once = (code: 'ROUTING_FIRST_COUNTRY_MISMATCH' | 'ROUTING_LAST_COUNTRY_MISMATCH', message: string, index: number, value: string): void => {
    const key = `${code}|${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    ctx.report('error', code, message, ctx.locate.header('conveyanceRouting', index), value);
  };
  if (route.length > 0) {
    const loading = countryOf(consignment.placeOfLoading);
    const unloading = countryOf(consignment.placeOfUnloading);
    const first = route[0]!;
    const last = route[route.length - 1]!;
    if (loading !== undefined && first !== loading) once('ROUTING_FIRST_COUNTRY_MISMATCH', `first routing country ${first} is not ${loading}, the country of the place of loading`, 0, first);
    if (unloading !== undefined && last !== unloading) once('ROUTING_LAST_COUNTRY_MISMATCH', `last routing country ${last} is not ${unloading}, the country of the place of unloading`, route.length - 1, last);
  }
  const own = consignment.routingCountries;
  if (own.length === 0) return;
  for (const [label, place] of [
    ['acceptance', consignment.placeOfAcceptance],
    ['delivery', consignment.placeOfDelivery],
  ] as const) {
    const country = countryOf(place);
    if (country !== undefined && !own.includes(country)) {
      ctx.report('error', 'ROUTING_INCOMPLETE', `consignment routing ${own.join('-')} does not include ${country}, the country of the place of ${label}`, ctx.locate.field(consignment.location, 'routingCountry', 0), own.join(','));
    }
  }
}

function checkItemNumbers(ctx: GateContext, consignment: Consignment): void {
  consignment.goods.forEach((item, index) => {
    if (item.itemNumber === index + 1) return;
    ctx.report('error', 'GOODS_ITEM_NUMBER_SEQUENCE', `goods item number ${item.itemNumber} at position ${index + 1}; item numbers must run 1, 2, 3... in order`, ctx.locate.field(item.location, 'itemNumber'), String(item.itemNumber));
  });
}

function checkEquipment(ctx: GateContext, consignment: Consignment): void {
  for (const equipment of consignment.equipment) {
    if (equipment.sealCount !== undefined && equipment.sealCount !== equipment.seals.length) {
      ctx.report(
        'error',
        'SEAL_COUNT_MISMATCH',
        `container ${equipment.containerNumber} declares ${equipment.sealCount} seal(s) but lists ${equipment.seals.length} seal identifier(s)`,
        ctx.locate.field(equipment.location, 'sealCount'),
        String(equipment.sealCount),
      );
    }
  }
  const referenced = consignment.goods.some((item) => item.containerNumbers.length > 0);
  if (consignment.containerised === true && consignment.equipment.length === 0 && !referenced) {
    ctx.report('error', 'CONTAINER_INDICATOR_WITHOUT_EQUIPMENT', 'the consignment is declared containerised but names no transport equipment', ctx.locate.field(consignment.location, 'containerIndicator'), '1');
  }
  const declared = new Set(consignment.equipment.map((e) => e.containerNumber));
  if (declared.size === 0) return;
  for (const item of consignment.goods) {
    item.containerNumbers.forEach((number, index) => {
      if (declared.has(number)) return;
      ctx.report('warning', 'GOODS_CONTAINER_NOT_DECLARED', `goods item ${item.itemNumber} is packed in ${number}, which the consignment does not declare`, ctx.locate.field(item.location, 'goodsContainer', index), number);
    });
  }
}

/** Totals are warnings: they feed the weight/quantity anomaly indicators in risk rather than block. */
function checkTotals(ctx: GateContext, consignment: Consignment): void {
  const { goods, totalGrossMassKg, totalPackages } = consignment;
  if (totalGrossMassKg !== undefined && goods.length > 0 && goods.every((item) => item.grossMassKg !== undefined)) {
    const sum = goods.reduce((acc, item) => acc + (item.grossMassKg ?? 0), 0);
    if (Math.abs(sum - totalGrossMassKg) > Math.max(1, totalGrossMassKg * 0.01)) {
      ctx.report('warning', 'GROSS_MASS_TOTAL_MISMATCH', `goods items weigh ${round(sum)} kg in total but the consignment declares ${totalGrossMassKg} kg`, ctx.locate.field(consignment.location, 'totalGrossMass'), String(totalGrossMassKg));
    }
  }
  const packages = goods.flatMap((item) => item.packages);
  if (totalPackages !== undefined && packages.length > 0 && packages.every((p) => p.count !== undefined)) {
    const sum = packages.reduce((acc, p) => acc + (p.count ?? 0), 0);
    if (sum !== totalPackages) {
      ctx.report('warning', 'PACKAGE_COUNT_MISMATCH', `goods items list ${sum} package(s) but the consignment declares ${totalPackages}`, ctx.locate.field(consignment.location, 'totalPackages'), String(totalPackages));
    }
  }
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

function checkSchedule(ctx: GateContext): void {
  const { expectedLoadingAt, expectedDepartureAt, expectedArrivalAt } = ctx.filing.conveyance;
  if (expectedDepartureAt !== undefined && expectedArrivalAt !== undefined && Date.parse(expectedArrivalAt) < Date.parse(expectedDepartureAt)) {
    ctx.report('error', 'ARRIVAL_BEFORE_DEPARTURE', `expected arrival ${expectedArrivalAt} is before departure ${expectedDepartureAt}`, ctx.locate.header('arrival'), expectedArrivalAt);
  }
  if (expectedLoadingAt !== undefined && expectedDepartureAt !== undefined && Date.parse(expectedLoadingAt) > Date.parse(expectedDepartureAt)) {
    ctx.report('warning', 'LOADING_AFTER_DEPARTURE', `expected loading ${expectedLoadingAt} is after departure ${expectedDepartureAt}`, ctx.locate.header('loading'), expectedLoadingAt);
  }
}

function checkParties(ctx: GateContext): void {
  const declarant = ctx.filing.parties.find((p) => p.role === 'declarant');
  const representative = ctx.filing.parties.find((p) => p.role === 'representative');
  if (declarant?.identifier !== undefined && representative?.identifier === declarant.identifier) {
    ctx.report('error', 'REPRESENTATIVE_SAME_AS_DECLARANT', `representative and declarant share identifier ${declarant.identifier}`, ctx.locate.field(representative.location, 'partyIdentifier'), declarant.identifier);
  }
}
