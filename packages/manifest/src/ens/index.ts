export { parseEns, parseEnsAsync, ensKindOf } from './parse-ens.js';
export { validateEnsSchema, ENS_SCHEMA_DIR } from './validate-ens-schema.js';
export { checkEnsRules } from './check-ens-rules.js';
export { readEnsMessage, ENS_KINDS } from './ens-message.js';
export type { EnsKind, EnsMessage } from './ens-message.js';
export { mapEnsFiling } from './map-ens-filing.js';
