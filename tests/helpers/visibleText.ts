import { openPackage, parseXml } from './ooxml';

/** One piece of text a reader can see in Word or Excel, and where it is. */
export interface VisibleText {
  part: string;
  where: string;
  text: string;
}

/**
 * Text nodes that are machine data by the standard, not words for a reader: timestamps and the
 * revision counter of the core properties, and field codes (PAGE) that Word replaces by their result.
 */
const MACHINE_DATA = new Set(['dcterms:created', 'dcterms:modified', 'cp:revision', 'w:instrText']);
/** Attributes a reader sees: a sheet's tab, a picture's name and alternative text. */
const VISIBLE_ATTRIBUTES: Record<string, string[]> = { sheet: ['name'], 'wp:docPr': ['name', 'descr', 'title'], 'pic:cNvPr': ['name', 'descr', 'title'] };

/**
 * Every text node and visible attribute of every XML part of an Office package, except machine
 * data and docProps/app.xml (the application's own record, which Excel writes in English on every PC).
 * A spreadsheet cell that holds a number shows the number; one that holds a boolean (TRUE/FALSE) or
 * an error is reported with its type, as a reader would see it in English.
 */
export async function visibleTexts(bytes: Buffer): Promise<VisibleText[]> {
  const pkg = await openPackage(bytes);
  const found: VisibleText[] = [];
  for (const part of pkg.names.filter((n) => n.endsWith('.xml') && n !== 'docProps/app.xml')) {
    let cellType = '';
    parseXml(await pkg.xml(part), (name, attributes) => {
      for (const attribute of VISIBLE_ATTRIBUTES[name] ?? []) {
        if (attributes[attribute]) found.push({ part, where: `${name}@${attribute}`, text: attributes[attribute] });
      }
      if (name === 'c') cellType = attributes.t ?? 'n';
    }, (text, inside) => {
      const element = inside.at(-1) ?? '';
      if (!text.trim() || MACHINE_DATA.has(element)) return;
      if (element === 'v' && inside.at(-2) === 'c') {
        if (cellType === 'b' || cellType === 'e') found.push({ part, where: `cell of type ${cellType}`, text: cellType === 'b' ? (text === '1' ? 'TRUE' : 'FALSE') : text });
        else if (cellType === 'str') found.push({ part, where: 'cell', text });
        return;
      }
      found.push({ part, where: element, text });
    });
  }
  return found;
}

/** Codes and machine formats that must never reach a reader of the bulletin. */
const LEAKS: [string, RegExp][] = [
  ['Latin letters (an English word or a code)', /[A-Za-z]/],
  ['an ISO date', /\d{4}-\d{1,2}-\d{1,2}/],
  ['a clock time', /\d{1,2}:\d{2}/],
];

/**
 * The visible texts that leak a code, an English word or an ISO date, after taking out the texts
 * quoted from the published lists (an item's own words may say GDP or PM2.5).
 */
export function leaks(texts: VisibleText[], quoted: string[]): string[] {
  const sources = [...new Set(quoted)].filter(Boolean).sort((a, b) => b.length - a.length);
  return texts.flatMap(({ part, where, text }) => {
    const rest = sources.reduce((left, source) => left.split(source).join(''), text);
    return LEAKS.filter(([, pattern]) => pattern.test(rest)).map(([what]) => `${part} ${where}: ${what} in “${text}”`);
  });
}
