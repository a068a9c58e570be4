/** Characters XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE/FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text as an Office file can hold it. One control character in an item's text (pasted from a PDF,
 * a spreadsheet's _x0001_) would make Word and Excel refuse the whole file: it is left out.
 */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}
