/**
 * A small element tree over saxes, enough for list files whose records are a few levels deep.
 * A DOCTYPE is refused outright: official list files never carry one, and refusing it closes entity
 * expansion attacks on an operator-supplied file.
 */
import { SaxesParser } from 'saxes';
import { AppError } from '@safe-screen/domain';

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlNode[];
}

export function parseXmlTree(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: false });
  const root: XmlNode = { name: '#document', attributes: {}, text: '', children: [] };
  const stack: XmlNode[] = [root];
  let failure: Error | undefined;
  parser.on('doctype', () => {
    failure ??= new AppError('SANCTIONS_XML_DOCTYPE_REFUSED', 'list XML must not contain a DOCTYPE');
  });
  parser.on('error', (err) => {
    failure ??= new AppError('SANCTIONS_XML_MALFORMED', `list XML is not well-formed: ${err.message}`);
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) attributes[key] = String(value);
    const node: XmlNode = { name: tag.name, attributes, text: '', children: [] };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    stack[stack.length - 1]!.text += text;
  });
  parser.on('cdata', (text) => {
    stack[stack.length - 1]!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (failure !== undefined) throw failure;
  return root;
}

export function childNodes(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

export function childText(node: XmlNode, name: string): string | undefined {
  const text = node.children.find((c) => c.name === name)?.text.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** Texts of `<NAME><VALUE>..</VALUE>...</NAME>` groups, as the UN list writes multi-valued fields. */
export function valueTexts(node: XmlNode, name: string): string[] {
  return childNodes(node, name).flatMap((group) =>
    childNodes(group, 'VALUE')
      .map((v) => v.text.trim())
      .filter((v) => v !== ''),
  );
}
