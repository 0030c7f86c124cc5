/**
 * A small element tree for the small XML documents (SetupDiag results, compatibility reports).
 * Malformed XML does not throw: the parser's complaints become warnings with line and column and
 * whatever was read before the fault is kept.
 */
import { SaxesParser } from 'saxes';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

export function parseXmlTree(xml: string, warn: (place: string, message: string) => void): XmlNode | null {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let errors = 0;
  parser.on('error', (e) => {
    if (errors++ < 20)
      warn(
        `line ${parser.line}, column ${parser.column}`,
        `malformed XML: ${e.message.replace(/^.*?:\d+:\d+: /, '')}`,
      );
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = {
      name: tag.name,
      attrs: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: '',
      line: parser.line,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else if (!root) root = node;
    stack.push(node);
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    warn(`line ${parser.line}`, `XML parsing stopped: ${e instanceof Error ? e.message : String(e)}`);
  }
  return root;
}

export function childText(node: XmlNode, name: string): string {
  return node.children.find((c) => c.name === name)?.text.trim() ?? '';
}
