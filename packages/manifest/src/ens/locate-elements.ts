/**
 * libxml2 reports schema errors by line and element name; HMRC reports them by path
 * (`/ie:CC315A[1]/HEAHEA[1]/TotNumOfIteHEA305[1]`). One SAX pass records, for every start tag, its
 * line and its path so an error can be placed at the element it names.
 */
import { SaxesParser } from 'saxes';

export interface LocatedElement {
  localName: string;
  path: string;
  line: number;
}

export function locateElements(raw: string): LocatedElement[] {
  const located: LocatedElement[] = [];
  const stack: { path: string; counts: Map<string, number> }[] = [{ path: '', counts: new Map() }];
  const parser = new SaxesParser({ position: true });
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    if (parent === undefined) return;
    const index = (parent.counts.get(tag.name) ?? 0) + 1;
    parent.counts.set(tag.name, index);
    const path = `${parent.path}/${tag.name}[${index}]`;
    const colon = tag.name.indexOf(':');
    located.push({ localName: colon === -1 ? tag.name : tag.name.slice(colon + 1), path, line: parser.line });
    stack.push({ path, counts: new Map() });
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(raw).close();
  } catch {
    // A malformed document is reported by the XML gate; what was located so far is still useful.
  }
  return located;
}

/** The element called `localName` whose start tag is on `line`, else the nearest one above it. */
export function findElement(located: LocatedElement[], localName: string, line: number): LocatedElement | undefined {
  let best: LocatedElement | undefined;
  for (const element of located) {
    if (element.localName !== localName || element.line > line) continue;
    if (best === undefined || element.line >= best.line) best = element;
  }
  return best ?? located.find((element) => element.localName === localName);
}
