/**
 * Turns a validated rule set into closures: list names resolved to Sets once, keywords folded once.
 * A compiled rule set holds functions, so it does not cross thread boundaries; workers receive the
 * rule set document and compile it themselves (cheap, and cached per version by the caller).
 *
 * Each predicate returns the evidence it found, or null when it does not hold. `not` holds with no
 * evidence of its own; `any` returns the evidence of every branch that holds.
 */
import { isValidContainerNumber, isValidImoNumber } from '@safe-screen/domain';
import type { Evidence, InspectionMethod, RiskCategory } from '@safe-screen/domain';
import type { ConsignmentFacts, GoodsFacts, PartyFacts } from './consignment-facts.js';
import { padded } from './consignment-facts.js';
import { tokeniseName } from '../sanctions/normalise-name.js';
import type {
  CommodityRef,
  Condition,
  ConsignmentPredicate,
  CountryRef,
  EquipmentPredicate,
  FilingPredicate,
  GoodsPredicate,
  KeywordRef,
  PartyPredicate,
  RoutePredicate,
  Rule,
  RuleAction,
  RuleSet,
} from './rule-set-schema.js';

type Evaluator = (facts: ConsignmentFacts) => Evidence[] | null;
type ItemTest<T> = (subject: T, facts: ConsignmentFacts) => Evidence | null;

export interface CompiledRule {
  id: string;
  description: string;
  category: RiskCategory;
  weight: number;
  intelligence: boolean;
  validFrom: string;
  validTo?: string;
  shareableReason?: string;
  suggestedMethods: InspectionMethod[];
  action?: RuleAction;
  licensable: boolean;
  evaluate: Evaluator;
}

export interface FiredRule {
  rule: CompiledRule;
  evidence: Evidence[];
}

export interface CompiledRuleSet {
  version: string;
  rules: CompiledRule[];
  /** Rules valid on `nowIso` whose condition holds, in rule set order. */
  evaluate(facts: ConsignmentFacts, nowIso: string): FiredRule[];
}

/** Filler that never makes a description specific ("10 pcs of ..."). */
const FILLER_TOKENS: ReadonlySet<string> = new Set([
  'the', 'of', 'and', 'a', 'an', 'for', 'in', 'with', 'to', 'or', 'on', 'pcs', 'pc', 'pieces', 'piece', 'pkgs', 'packages', 'package',
  'pallets', 'pallet', 'plts', 'ctns', 'box', 'x', 'lot', 'lots', 'kg', 'kgs', 'only',
]);

class ListResolver {
  constructor(private readonly ruleSet: RuleSet) {}

  items(name: string | undefined): string[] {
    if (name === undefined) return [];
    return Object.hasOwn(this.ruleSet.lists, name) ? this.ruleSet.lists[name]!.items : [];
  }

  countries(ref: CountryRef): Set<string> {
    return new Set([...(ref.codes ?? []), ...this.items(ref.list)]);
  }

  prefixes(ref: CommodityRef): string[] {
    return [...(ref.prefixes ?? []), ...this.items(ref.list)];
  }

  /** Keywords folded like the text they are searched in, padded for whole-word matching. */
  keywords(ref: KeywordRef): string[] {
    return [...(ref.keywords ?? []), ...this.items(ref.list)].map(padded).filter((k) => k.trim() !== '');
  }
}

function inRange(value: number, range: { min?: number | undefined; max?: number | undefined }): boolean {
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}

function findKeyword(text: string, keywords: readonly string[]): string | undefined {
  return keywords.find((k) => text.includes(k))?.trim();
}

/** The highest percentage a description states: "35 %", "35%", "35.5 % w/w", "35 pct". */
function statedPercent(description: string): number | undefined {
  let best: number | undefined;
  for (const m of description.matchAll(/(\d{1,3}(?:[.,]\d+)?)\s*(?:%|pct\b|percent\b|per cent\b)/gi)) {
    const value = Number(m[1]!.replace(',', '.'));
    if (value <= 100 && (best === undefined || value > best)) best = value;
  }
  return best;
}

/** All stated tests on the same subject; evidence of each, or null as soon as one fails. */
function conjunction<T>(tests: ReadonlyArray<ItemTest<T>>): (subject: T, facts: ConsignmentFacts) => Evidence[] | null {
  return (subject, facts) => {
    const evidence: Evidence[] = [];
    for (const test of tests) {
      const found = test(subject, facts);
      if (found === null) return null;
      evidence.push(found);
    }
    return evidence;
  };
}

function withLocation(evidence: Evidence, location: string | undefined): Evidence {
  return location === undefined ? evidence : { ...evidence, location };
}

function compileGoods(p: GoodsPredicate, lists: ListResolver): Evaluator {
  const tests: Array<ItemTest<GoodsFacts>> = [];
  const ev = (g: GoodsFacts, field: string, value: string, note?: string): Evidence =>
    withLocation({ field: `${g.path}.${field}`, value, ...(note === undefined ? {} : { note }) }, g.item.location);
  if (p.commodity !== undefined) {
    const prefixes = lists.prefixes(p.commodity);
    tests.push((g) => {
      const prefix = prefixes.find((x) => g.hs.startsWith(x));
      return prefix === undefined ? null : ev(g, 'commodityCode', g.hs, `starts with ${prefix}`);
    });
  }
  if (p.commodityCodeMissing === true) tests.push((g) => (g.hs === '' ? ev(g, 'commodityCode', '', 'no commodity code filed') : null));
  if (p.description !== undefined) {
    const keywords = lists.keywords(p.description);
    tests.push((g) => {
      const found = findKeyword(g.text, keywords);
      return found === undefined ? null : ev(g, 'description', g.item.description, `mentions "${found}"`);
    });
  }
  if (p.vagueDescription !== undefined) {
    const phrases = lists.keywords({ list: p.vagueDescription.list }).sort((a, b) => b.length - a.length);
    tests.push((g) => {
      let rest = g.text;
      for (const phrase of phrases) while (rest.includes(phrase)) rest = rest.replace(phrase, ' ');
      const specific = rest.split(' ').filter((t) => t !== '' && !/^\d+$/.test(t) && !FILLER_TOKENS.has(t));
      return specific.length === 0 ? ev(g, 'description', g.item.description, 'only general terms') : null;
    });
  }
  if (p.dangerousGoodsUnMissing === true) {
    tests.push((g) => (g.item.dangerousGoodsUn === undefined || g.item.dangerousGoodsUn === '' ? ev(g, 'dangerousGoodsUn', '', 'no UN number filed') : null));
  }
  if (p.originCountry !== undefined) {
    const set = lists.countries(p.originCountry);
    tests.push((g) => (g.item.originCountry !== undefined && set.has(g.item.originCountry) ? ev(g, 'originCountry', g.item.originCountry) : null));
  }
  if (p.grossMassKg !== undefined) {
    const range = p.grossMassKg;
    tests.push((g) => (g.item.grossMassKg !== undefined && inRange(g.item.grossMassKg, range) ? ev(g, 'grossMassKg', String(g.item.grossMassKg)) : null));
  }
  if (p.massPerPackageKg !== undefined) {
    const range = p.massPerPackageKg;
    tests.push((g) => {
      const count = g.item.packages.reduce((s, pk) => s + (pk.count ?? 0), 0);
      if (g.item.grossMassKg === undefined || count <= 0) return null;
      const perPackage = g.item.grossMassKg / count;
      return inRange(perPackage, range) ? ev(g, 'grossMassKg', String(g.item.grossMassKg), `${perPackage.toFixed(1)} kg per package over ${count} packages`) : null;
    });
  }
  if (p.valuePerKg !== undefined) {
    const range = p.valuePerKg;
    tests.push((g) => {
      if (g.item.value === undefined || g.item.grossMassKg === undefined || g.item.grossMassKg <= 0) return null;
      const perKg = g.item.value.amount / g.item.grossMassKg;
      return inRange(perKg, range) ? ev(g, 'value.amount', String(g.item.value.amount), `${perKg.toFixed(2)} ${g.item.value.currency} per kg`) : null;
    });
  }
  if (p.concentrationPercent !== undefined) {
    const range = p.concentrationPercent;
    tests.push((g) => {
      const percent = statedPercent(g.item.description);
      return percent !== undefined && inRange(percent, range) ? ev(g, 'description', g.item.description, `states ${percent} %`) : null;
    });
  }
  if (p.massAnomaly !== undefined) {
    const { zAbove, minSamples } = p.massAnomaly;
    tests.push((g, facts) => {
      const history = facts.input.history?.massByHs6;
      const hs6 = g.hs.slice(0, 6);
      const stats = history !== undefined && Object.hasOwn(history, hs6) ? history[hs6] : undefined;
      const mass = g.item.grossMassKg ?? g.item.netMassKg;
      if (stats === undefined || mass === undefined || stats.samples < minSamples || stats.stdevKg <= 0) return null;
      const z = (mass - stats.meanKg) / stats.stdevKg;
      return Math.abs(z) > zAbove
        ? ev(g, 'grossMassKg', String(mass), `z = ${z.toFixed(1)} against ${stats.samples} past items of HS ${hs6} (mean ${stats.meanKg.toFixed(0)} kg)`)
        : null;
    });
  }
  const all = conjunction(tests);
  return (facts) => {
    const evidence = facts.goods.flatMap((g) => all(g, facts) ?? []);
    return evidence.length > 0 ? evidence : null;
  };
}

function compileParty(p: PartyPredicate, lists: ListResolver): Evaluator {
  const tests: Array<ItemTest<PartyFacts>> = [];
  const ev = (q: PartyFacts, field: string, value: string, note?: string): Evidence =>
    withLocation({ field: `${q.path}.${field}`, value, ...(note === undefined ? {} : { note }) }, q.party.location);
  if (p.roles !== undefined) {
    const roles = new Set<string>(p.roles);
    tests.push((q) => (roles.has(q.party.role) ? ev(q, 'role', q.party.role) : null));
  }
  if (p.inList !== undefined) {
    const entries = lists.items(p.inList);
    const names = new Set(entries.map((e) => tokeniseName(e).join(' ')));
    const identifiers = new Set(entries.map((e) => e.replace(/\s+/g, '').toUpperCase()));
    tests.push((q) => {
      const identifier = q.party.identifier?.replace(/\s+/g, '').toUpperCase();
      if (identifier !== undefined && identifiers.has(identifier)) return ev(q, 'identifier', q.party.identifier ?? '', `on list ${p.inList}`);
      return names.has(q.normalisedName) ? ev(q, 'name', q.party.name ?? '', `on list ${p.inList}`) : null;
    });
  }
  if (p.nameKeywords !== undefined) {
    const keywords = lists.keywords(p.nameKeywords);
    tests.push((q) => {
      const found = findKeyword(q.text, keywords);
      return found === undefined ? null : ev(q, 'name', q.party.name ?? '', `contains "${found}"`);
    });
  }
  if (p.country !== undefined) {
    const set = lists.countries(p.country);
    tests.push((q) => {
      const country = q.party.address?.country;
      return country !== undefined && set.has(country) ? ev(q, 'address.country', country) : null;
    });
  }
  if (p.identifierMissing === true) {
    tests.push((q) => (q.party.identifier === undefined || q.party.identifier.trim() === '' ? ev(q, 'identifier', '', 'no identifier filed') : null));
  }
  if (p.addressIncomplete === true) {
    tests.push((q) => {
      const a = q.party.address;
      const missing = ['street', 'city', 'country'].filter((k) => a === undefined || (a[k as 'street' | 'city' | 'country'] ?? '').trim() === '');
      return missing.length > 0 ? ev(q, 'address', missing.join(', '), 'missing') : null;
    });
  }
  if (p.firstTime === true) {
    tests.push((q, facts) => {
      const parties = facts.input.history?.parties;
      const seen = parties !== undefined && Object.hasOwn(parties, q.key) ? parties[q.key] : undefined;
      return seen?.firstSeen === true ? ev(q, 'name', q.party.name ?? q.party.identifier ?? '', 'first time this party is seen') : null;
    });
  }
  const all = conjunction(tests);
  return (facts) => {
    const evidence = facts.parties.flatMap((q) => all(q, facts) ?? []);
    return evidence.length > 0 ? evidence : null;
  };
}

function compileEquipment(p: EquipmentPredicate): Evaluator {
  return (facts) => {
    const evidence: Evidence[] = [];
    const assigned = new Set(facts.input.consignment.goods.flatMap((g) => g.containerNumbers));
    for (const { equipment: e, path } of facts.equipment) {
      const found: Evidence[] = [];
      const ev = (field: string, value: string, note: string) => withLocation({ field: `${path}.${field}`, value, note }, e.location);
      if (p.sealsMissing === true) {
        if (e.packedStatus === 'empty' || e.seals.length > 0) continue;
        found.push(ev('seals', '', `container ${e.containerNumber} has no seal numbers`));
      }
      if (p.sealCountMismatch === true) {
        if (e.sealCount === undefined || e.sealCount === e.seals.length) continue;
        found.push(ev('sealCount', String(e.sealCount), `${e.seals.length} seal numbers given`));
      }
      if (p.containerNumberInvalid === true) {
        if (isValidContainerNumber(e.containerNumber)) continue;
        found.push(ev('containerNumber', e.containerNumber, 'ISO 6346 check fails'));
      }
      if (p.emptyWithGoods === true) {
        if (e.packedStatus !== 'empty' || !assigned.has(e.containerNumber)) continue;
        found.push(ev('packedStatus', 'empty', `goods are assigned to ${e.containerNumber}`));
      }
      evidence.push(...found);
    }
    return evidence.length > 0 ? evidence : null;
  };
}

function compileRoute(p: RoutePredicate, lists: ListResolver): Evaluator {
  const tests: Array<ItemTest<ConsignmentFacts>> = [];
  const place = (key: 'placeOfLoading' | 'placeOfUnloading' | 'placeOfAcceptance', ref: CountryRef) => {
    const set = lists.countries(ref);
    tests.push((f) => {
      const country = f.input.consignment[key]?.country ?? f.input.consignment[key]?.unlocode?.slice(0, 2);
      return country !== undefined && set.has(country) ? { field: `${key}.country`, value: country } : null;
    });
  };
  if (p.loadingCountry !== undefined) place('placeOfLoading', p.loadingCountry);
  if (p.unloadingCountry !== undefined) place('placeOfUnloading', p.unloadingCountry);
  if (p.acceptanceCountry !== undefined) place('placeOfAcceptance', p.acceptanceCountry);
  if (p.routingThrough !== undefined) {
    const set = lists.countries(p.routingThrough);
    tests.push((f) => {
      const routing = f.input.consignment.routingCountries;
      const hit = routing.find((c) => set.has(c));
      return hit === undefined ? null : { field: 'routingCountries', value: routing.join(' > '), note: `routes through ${hit}` };
    });
  }
  if (p.transshipment !== undefined) {
    const min = p.transshipment.minIntermediateCountries;
    tests.push((f) => {
      const c = f.input.consignment;
      const ends = new Set([c.placeOfLoading?.country, c.placeOfUnloading?.country, c.placeOfLoading?.unlocode?.slice(0, 2), c.placeOfUnloading?.unlocode?.slice(0, 2)]);
      const intermediate = [...new Set(c.routingCountries.filter((x) => !ends.has(x)))];
      return intermediate.length >= min ? { field: 'routingCountries', value: c.routingCountries.join(' > '), note: `${intermediate.length} intermediate countries` } : null;
    });
  }
  if (p.originDiffersFromLoading === true) {
    tests.push((f) => {
      const loading = f.input.consignment.placeOfLoading?.country ?? f.input.consignment.placeOfLoading?.unlocode?.slice(0, 2);
      const item = f.goods.find((g) => g.item.originCountry !== undefined && loading !== undefined && g.item.originCountry !== loading);
      return item === undefined ? null : { field: `${item.path}.originCountry`, value: item.item.originCountry ?? '', note: `loaded in ${loading}` };
    });
  }
  const all = conjunction(tests);
  return (facts) => all(facts, facts);
}

function compileFiling(p: FilingPredicate): Evaluator {
  const tests: Array<ItemTest<ConsignmentFacts>> = [];
  if (p.late === true) tests.push((f) => (f.input.timing.late ? { field: 'timing.late', value: 'true', note: `received ${f.input.timing.receivedAt}` } : null));
  if (p.hoursBeforeLoadingBelow !== undefined) {
    const limit = p.hoursBeforeLoadingBelow;
    tests.push((f) => {
      const h = f.input.timing.hoursBeforeLoading;
      return h !== undefined && h < limit ? { field: 'timing.hoursBeforeLoading', value: h.toFixed(1), note: `under ${limit} h` } : null;
    });
  }
  if (p.amendmentsAtLeast !== undefined) {
    const n = p.amendmentsAtLeast;
    tests.push((f) => (f.input.timing.amendmentCount >= n ? { field: 'timing.amendmentCount', value: String(f.input.timing.amendmentCount) } : null));
  }
  if (p.modes !== undefined) {
    const modes = new Set<string>(p.modes);
    tests.push((f) => (modes.has(f.input.filing.conveyance.mode) ? { field: 'conveyance.mode', value: f.input.filing.conveyance.mode } : null));
  }
  if (p.conveyanceImoInvalid === true) {
    tests.push((f) => {
      const conveyance = f.input.filing.conveyance;
      if (conveyance.mode !== 'sea' || conveyance.identifier === undefined || isValidImoNumber(conveyance.identifier)) return null;
      return { field: 'conveyance.identifier', value: conveyance.identifier, note: 'not a valid IMO number' };
    });
  }
  const all = conjunction(tests);
  return (facts) => all(facts, facts);
}

function compileConsignment(p: ConsignmentPredicate): Evaluator {
  const tests: Array<ItemTest<ConsignmentFacts>> = [];
  if (p.paymentMethods !== undefined) {
    const methods = new Set(p.paymentMethods);
    tests.push((f) => {
      const m = f.input.consignment.paymentMethod;
      return m !== undefined && methods.has(m) ? withLocation({ field: 'paymentMethod', value: m }, f.input.consignment.location) : null;
    });
  }
  if (p.packagesMismatch === true) {
    tests.push((f) => {
      const c = f.input.consignment;
      if (c.totalPackages === undefined) return null;
      const sum = c.goods.reduce((s, g) => s + g.packages.reduce((t, pk) => t + (pk.count ?? 0), 0), 0);
      return sum !== c.totalPackages ? withLocation({ field: 'totalPackages', value: String(c.totalPackages), note: `goods items add up to ${sum}` }, c.location) : null;
    });
  }
  const all = conjunction(tests);
  return (facts) => all(facts, facts);
}

function compileCondition(condition: Condition, lists: ListResolver): Evaluator {
  if ('all' in condition) {
    const parts = condition.all.map((c) => compileCondition(c, lists));
    return (facts) => {
      const evidence: Evidence[] = [];
      for (const part of parts) {
        const found = part(facts);
        if (found === null) return null;
        evidence.push(...found);
      }
      return evidence;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => compileCondition(c, lists));
    return (facts) => {
      const found = parts.map((part) => part(facts)).filter((e): e is Evidence[] => e !== null);
      return found.length > 0 ? found.flat() : null;
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, lists);
    return (facts) => (inner(facts) === null ? [] : null);
  }
  if ('goods' in condition) return compileGoods(condition.goods, lists);
  if ('party' in condition) return compileParty(condition.party, lists);
  if ('equipment' in condition) return compileEquipment(condition.equipment);
  if ('route' in condition) return compileRoute(condition.route, lists);
  if ('filing' in condition) return compileFiling(condition.filing);
  if ('indicator' in condition) {
    const codes = new Set(condition.indicator.codes);
    return (facts) => {
      const found = facts.input.indicators.filter((i) => codes.has(i.code));
      return found.length > 0 ? found.map((i) => ({ field: `indicator.${i.code}`, value: i.value ?? '', location: i.location, note: i.message })) : null;
    };
  }
  return compileConsignment(condition.consignment);
}

function compileRule(rule: Rule, lists: ListResolver): CompiledRule {
  const compiled: CompiledRule = {
    id: rule.id,
    description: rule.description,
    category: rule.category,
    weight: rule.weight,
    intelligence: rule.intelligence,
    licensable: rule.licensable,
    validFrom: rule.validFrom,
    suggestedMethods: rule.suggestedMethods,
    evaluate: compileCondition(rule.condition, lists),
  };
  if (rule.validTo !== undefined) compiled.validTo = rule.validTo;
  if (rule.shareableReason !== undefined) compiled.shareableReason = rule.shareableReason;
  if (rule.action !== undefined) compiled.action = rule.action;
  return compiled;
}

/** Compile a rule set that `validateRuleSet` accepted. */
export function compileRuleSet(ruleSet: RuleSet): CompiledRuleSet {
  const lists = new ListResolver(ruleSet);
  const rules = ruleSet.rules.map((r) => compileRule(r, lists));
  return {
    version: ruleSet.version,
    rules,
    evaluate(facts, nowIso) {
      const day = nowIso.slice(0, 10);
      const fired: FiredRule[] = [];
      for (const rule of rules) {
        if (day < rule.validFrom || (rule.validTo !== undefined && day > rule.validTo)) continue;
        const evidence = rule.evaluate(facts);
        if (evidence !== null) fired.push({ rule, evidence });
      }
      return fired;
    },
  };
}
