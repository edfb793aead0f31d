/**
 * Text and attribute values for the XML that query-protocol responses carry. Besides the five
 * markup characters, two things would break a client's XML parser or silently change the value:
 *
 * - characters XML 1.0 forbids even as references (C0 controls other than tab, LF and CR,
 *   U+FFFE, U+FFFF, lone surrogates) — botocore's expat parser rejects the whole response. They
 *   can only come from echoed input, and become U+FFFD;
 * - a carriage return, which parsers normalise to a line feed (XML 1.0 §2.11) — written as a
 *   character reference so that a description keeps its CR.
 */

const REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .toWellFormed()
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/[&<>"'\r]/g, (c) => REPLACEMENTS[c] ?? c);
}

/** `<name attrs>content</name>`; `content` must already be XML. An empty element is written `<name/>`. */
export function element(name: string, content: string, xmlns?: string): string {
  const attributes = xmlns === undefined ? '' : ` xmlns="${escapeXml(xmlns)}"`;
  return content === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${content}</${name}>`;
}
