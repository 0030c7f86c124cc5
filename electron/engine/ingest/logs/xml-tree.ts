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

/**
 * Deepest element kept. The documents read this way are a few levels deep; a hostile file nested
 * thousands deep would overflow the stack of every recursive walk over the tree (found by fuzzing).
 */
export const MAX_XML_DEPTH = 64;
/** Elements skipped below MAX_XML_DEPTH before reading stops (saxes keeps its own stack of them). */
export const MAX_SKIPPED_DEPTH = 10_000;
/** XML errors after which reading stops: saxes can report one per character of a broken run. */
export const MAX_XML_ERRORS = 10_000;

export function parseXmlTree(xml: string, warn: (place: string, message: string) => void): XmlNode | null {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let errors = 0;
  /** Open elements below MAX_XML_DEPTH, which are read past but not kept. */
  let tooDeep = 0;
  parser.on('error', (e) => {
    if (errors >= MAX_XML_ERRORS) throw new Error(`more than ${MAX_XML_ERRORS} XML errors`);
    if (errors++ < 20)
      warn(
        `line ${parser.line}, column ${parser.column}`,
        `malformed XML: ${e.message.replace(/^.*?:\d+:\d+: /, '')}`,
      );
  });
  parser.on('opentag', (tag) => {
    if (tooDeep > 0 || stack.length >= MAX_XML_DEPTH) {
      if (tooDeep >= MAX_SKIPPED_DEPTH)
        throw new Error(`elements nested over ${MAX_SKIPPED_DEPTH} levels deep`);
      if (tooDeep++ === 0)
        warn(
          `line ${parser.line}, column ${parser.column}`,
          `elements nested deeper than ${MAX_XML_DEPTH} levels are left out`,
        );
      return;
    }
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
    if (tooDeep > 0) return;
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    if (tooDeep > 0) return;
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    if (tooDeep > 0) tooDeep--;
    else stack.pop();
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
