/**
 * @safe-screen/risk: the pure risk core. Targeting rules as data, sanctions screening, AEO/MRA
 * treatment and the per-consignment decision. No clock, no network, no database; the only file
 * reads are the explicit loaders of shipped data (starter rule set, sanctions list copies).
 */
export * from './rules/rule-set-schema.js';
export * from './rules/validate-rule-set.js';
export * from './rules/compile-rule-set.js';
export * from './rules/consignment-facts.js';
export * from './rules/load-starter-rule-set.js';

export * from './sanctions/sanctions-list.js';
export * from './sanctions/load-un-list.js';
export * from './sanctions/load-ofac-sdn.js';
export * from './sanctions/load-sanctions-file.js';
export * from './sanctions/sanctions-index.js';
export * from './sanctions/screen-party.js';
export * from './sanctions/screening-cache.js';
export * from './sanctions/screen-parties-csv.js';
export * from './sanctions/sanctions-fingerprint.js';
export * from './sanctions/diff-editions.js';
export { foldName, tokeniseName } from './sanctions/normalise-name.js';

export * from './aeo/aeo-authorisation.js';
export * from './aeo/parse-aeo-registry-csv.js';
export * from './aeo/evaluate-aeo.js';
export * from './aeo/load-aeo-sample-data.js';

export * from './assessment/assessment-input.js';
export * from './assessment/assessment-policy.js';
export * from './assessment/assess-consignment.js';
export * from './assessment/draw-for-consignment.js';
export * from './assessment/party-key.js';
export * from './assessment/compare-assessments.js';
export * from './assessment/summarise-containers.js';
export * from './assessment/lane-quota.js';
export * from './licences/licence-record.js';
export * from './licences/check-licence.js';
export * from './sanctions/load-more-lists.js';
export * from './sanctions/strong-identifier.js';
