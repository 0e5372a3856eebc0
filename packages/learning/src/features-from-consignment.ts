/**
 * The bridge from the pipeline's domain model to the model's features: one feature set per goods
 * item, because commodity, origin and mass are item-level facts. A consignment's learned risk is the
 * riskiest of its items, so one suspicious line is not averaged away by harmless ones.
 */
import type { Consignment, Filing, Party } from '@safe-screen/domain';
import type { ExampleFeatures } from './labelled-example.js';

function identifierOf(parties: readonly Party[], roles: readonly Party['role'][]): string | undefined {
  for (const role of roles) {
    const party = parties.find((p) => p.role === role && (p.identifier !== undefined || p.name !== undefined));
    if (party !== undefined) return (party.identifier ?? party.name)!.replace(/\s+/g, ' ').trim().toUpperCase();
  }
  return undefined;
}

export function featuresFromConsignment(filing: Pick<Filing, 'parties' | 'conveyance'>, consignment: Consignment): ExampleFeatures[] {
  const parties = [...filing.parties, ...consignment.parties];
  const common: ExampleFeatures = {};
  const importer = identifierOf(parties, ['consignee', 'buyer']);
  const declarant = identifierOf(parties, ['declarant', 'representative']);
  const seller = identifierOf(parties, ['consignor', 'seller']);
  const courier = identifierOf(parties, ['carrier']);
  if (importer !== undefined) common.importerId = importer;
  if (declarant !== undefined) common.declarantId = declarant;
  if (seller !== undefined) common.sellerId = seller;
  if (courier !== undefined) common.courierId = courier;
  const loading = consignment.placeOfLoading?.country ?? consignment.placeOfLoading?.unlocode?.slice(0, 2) ?? consignment.routingCountries[0];
  if (loading !== undefined) common.loadingCountry = loading;
  if (consignment.routingCountries.length > 0) common.routing = consignment.routingCountries.join('-');
  common.mode = filing.conveyance.mode;
  if (filing.conveyance.officeOfFirstEntry !== undefined) common.office = filing.conveyance.officeOfFirstEntry;
  if (consignment.paymentMethod !== undefined) common.paymentType = consignment.paymentMethod;
  const items = consignment.goods.length > 0 ? consignment.goods : [undefined];
  return items.map((goods) => {
    const features: ExampleFeatures = { ...common };
    if (goods?.commodityCode !== undefined) features.commodityCode = goods.commodityCode.slice(0, 6);
    const origin = goods?.originCountry ?? loading;
    if (origin !== undefined) features.originCountry = origin;
    const mass = goods?.netMassKg ?? goods?.grossMassKg;
    if (mass !== undefined) features.netMassKg = mass;
    if (goods?.value !== undefined) features.value = goods.value.amount;
    return features;
  });
}
