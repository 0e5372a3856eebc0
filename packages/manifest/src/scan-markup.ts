/**
 * One linear pass over untrusted XML text, before any parser sees it: does it declare a DTD
 * (`<!DOCTYPE`, `<!ENTITY`, any other `<!` that is not a comment or CDATA), and are its elements
 * nested deeper than a bound?
 *
 * Why not regular expressions: the scanners this replaces (`<(\/?)(name)[^>]*?(\/?)>|…`) rescanned to
 * the end of the text from every `<` when there was no `>`, so 600 KB of `<a` held a worker thread for
 * a minute. Here every character is looked at a bounded number of times: each `indexOf` starts where
 * the previous construct ended and the cursor never moves back.
 *
 * Quoted attribute values are skipped as a whole, so `<a x="/>">` opens an element (the old scanner
 * took the `/>` inside the quotes for a self-closing tag and let such elements past the depth bound).
 * Comments, CDATA sections and processing instructions are skipped too, so `<!DOCTYPE` written inside
 * a CDATA section is text, not a declaration.
 *
 * When a quote, comment, CDATA section or processing instruction is never closed the document is
 * malformed (the parser refuses it); the rest of the text is then searched for a declaration by a
 * plain literal search, so no reading of the scanner's can hide a DOCTYPE from a later parser.
 */

export interface MarkupScan {
  /** A DTD construct appears in markup (never resolved: the document is refused). */
  declaresDtd: boolean;
  /** Some element is nested deeper than the bound. */
  tooDeep: boolean;
}

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f; // /
const BANG = 0x21; // !
const QUESTION = 0x3f; // ?
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** Linear literal search (no backtracking possible: two fixed alternatives) for the unterminated tail. */
const DTD_LITERAL = /<!DOCTYPE|<!ENTITY/i;

export function scanMarkup(text: string, maxDepth: number): MarkupScan {
  const n = text.length;
  let depth = 0;
  let tooDeep = false;
  let i = 0;
  const unterminated = (from: number): MarkupScan => ({ declaresDtd: DTD_LITERAL.test(text.slice(from)), tooDeep });
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === BANG) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) return unterminated(lt);
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) return unterminated(lt);
        i = end + 3;
        continue;
      }
      return { declaresDtd: true, tooDeep };
    }
    if (next === QUESTION) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) return unterminated(lt);
      i = end + 2;
      continue;
    }
    const closing = next === SLASH;
    let j = lt + (closing ? 2 : 1);
    let selfClosing = false;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
        const end = text.indexOf(c === DOUBLE_QUOTE ? '"' : "'", j + 1);
        if (end === -1) return unterminated(j);
        // `<` is not allowed in a value; one that hides a declaration is refused as one (each value is read once).
        if (DTD_LITERAL.test(text.slice(j + 1, end))) return { declaresDtd: true, tooDeep };
        j = end + 1;
        continue;
      }
      if (c === GT) {
        selfClosing = !closing && j > lt + 1 && text.charCodeAt(j - 1) === SLASH;
        j++;
        break;
      }
      // A `<` inside a tag: malformed, the parser will say so; this tag counts as opened and the next starts here.
      if (c === LT) break;
      j++;
    }
    if (closing) depth--;
    else if (!selfClosing && ++depth > maxDepth) tooDeep = true;
    i = j;
  }
  return { declaresDtd: false, tooDeep };
}
