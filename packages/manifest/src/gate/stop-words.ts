/**
 * General terms that are not an acceptable goods description on their own (UCC DA Annex B DE 18 05,
 * DG TAXUD ICS2 stop-word list, domain.md 2.2.7). A description is vague when it consists only of these
 * terms and filler words, so "spare parts" is vague but "brake discs, spare parts for trucks" is not:
 * the description is judged as a whole, never by substring.
 */
const STOP_PHRASES = [
  'accessories', 'as per attached invoice', 'as per invoice', 'as per attached manifest', 'as per manifest', 'as per attached list',
  'as per packing list', 'as per attached', 'auto parts', 'car parts', 'spare parts', 'parts', 'machine parts', 'cartons', 'boxes',
  'chemicals', 'clothing', 'clothes', 'consol', 'consolidated', 'consolidation', 'consolidated cargo', 'courier goods', 'courier',
  'documents', 'docs', 'e commerce', 'ecommerce', 'e commerce goods', 'electronics', 'electronic goods', 'equipment', 'freight all kinds',
  'freight of all kinds', 'fak', 'general cargo', 'general goods', 'general merchandise', 'cargo', 'gifts', 'gift', 'goods', 'merchandise',
  'miscellaneous', 'misc', 'mixed goods', 'mixed cargo', 'new goods', 'used goods', 'personal effects', 'products', 'said to contain',
  'stc', 'shipper s load and count', 'samples', 'sample', 'textiles', 'tools', 'various', 'various goods', 'various items', 'items',
  'stuff', 'articles', 'materials', 'supplies', 'n a', 'na', 'not available', 'unknown', 'nil',
].map((phrase) => phrase.split(' '));

/** Words that carry no goods information: quantities, package words, connectives. */
const FILLER = new Set(['the', 'of', 'and', 'a', 'an', 'for', 'in', 'with', 'to', 'or', 'on', 'pcs', 'pieces', 'piece', 'pkgs', 'packages', 'package', 'pallets', 'pallet', 'plts', 'ctns', 'box', 'x', 'lot', 'lots', 'kg', 'kgs', 'only']);

function tokenise(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((token) => token.length > 0);
}

// Manifests repeat descriptions a lot; remember recent verdicts (bounded, so memory stays flat).
const verdicts = new Map<string, boolean>();
const MAX_REMEMBERED = 20_000;

/** True when every token is covered by a stop phrase or a filler word (numbers count as filler). */
export function isVagueDescription(description: string): boolean {
  const known = verdicts.get(description);
  if (known !== undefined) return known;
  const verdict = judgeDescription(description);
  if (verdicts.size >= MAX_REMEMBERED) verdicts.clear();
  verdicts.set(description, verdict);
  return verdict;
}

function judgeDescription(description: string): boolean {
  const tokens = tokenise(description);
  // coverable[i]: tokens[i..] can be fully covered.
  const coverable = new Array<boolean>(tokens.length + 1).fill(false);
  coverable[tokens.length] = true;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if ((FILLER.has(token) || /^\d+$/.test(token)) && coverable[i + 1] === true) {
      coverable[i] = true;
      continue;
    }
    for (const phrase of STOP_PHRASES) {
      const end = i + phrase.length;
      if (end <= tokens.length && coverable[end] === true && phrase.every((word, k) => tokens[i + k] === word)) {
        coverable[i] = true;
        break;
      }
    }
  }
  return coverable[0] === true;
}

const PLACEHOLDER_NAMES = new Set(['unknown', 'private', 'private person', 'private individual', 'n a', 'na', 'none', 'not available', 'tba', 'tbc', 'to be advised', 'various', 'xxx', 'test']);

/** Party names ICS2 rejects when used alone (stop words for party data). */
export function isPlaceholderName(name: string): boolean {
  const normalised = tokenise(name).join(' ');
  return normalised.length === 0 || PLACEHOLDER_NAMES.has(normalised);
}
