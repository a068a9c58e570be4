import JSZip from 'jszip';
import { SaxesParser } from 'saxes';

/** Parses XML strictly (throws on anything not well-formed); calls back on each element and text. */
export function parseXml(xml: string, onElement: (name: string, attributes: Record<string, string>, inside: string[]) => void = () => undefined, onText: (text: string, inside: string[]) => void = () => undefined): void {
  const parser = new SaxesParser({ xmlns: false });
  const stack: string[] = [];
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    onElement(tag.name, tag.attributes as Record<string, string>, stack);
    stack.push(tag.name);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (text) => onText(text, stack));
  parser.write(xml).close();
}

export interface Package {
  names: string[];
  xml(name: string): Promise<string>;
}

export async function openPackage(bytes: Buffer): Promise<Package> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  return { names, xml: (name) => zip.file(name)!.async('string') };
}

const resolve = (base: string, target: string) => {
  const parts = (target.startsWith('/') ? target.slice(1) : `${base}${target}`).split('/');
  const out: string[] = [];
  for (const part of parts) part === '..' ? out.pop() : out.push(part);
  return out.join('/');
};

/**
 * The Open Packaging Conventions checks Word itself depends on: every XML part
 * is well-formed, every part has a content type, every internal relationship
 * points at a part that exists, and the main document is where the package
 * relationships say. Returns the problems found.
 */
export async function packageProblems(bytes: Buffer, mainType: string): Promise<string[]> {
  const pkg = await openPackage(bytes);
  const problems: string[] = [];
  if (!pkg.names.includes('[Content_Types].xml')) return ['no [Content_Types].xml'];
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  parseXml(await pkg.xml('[Content_Types].xml'), (name, a) => {
    if (name === 'Default') defaults.set(a.Extension.toLowerCase(), a.ContentType);
    if (name === 'Override') overrides.set(a.PartName.replace(/^\//, ''), a.ContentType);
  });
  for (const name of pkg.names) {
    if (name === '[Content_Types].xml') continue;
    const type = overrides.get(name) ?? defaults.get(name.split('.').pop()!.toLowerCase());
    if (!type) problems.push(`${name} has no content type`);
    if (/\.(xml|rels)$/.test(name)) {
      try {
        parseXml(await pkg.xml(name));
      } catch (error) {
        problems.push(`${name} is not well-formed XML: ${(error as Error).message}`);
      }
    }
  }
  for (const part of overrides.keys()) if (!pkg.names.includes(part)) problems.push(`content type for missing part ${part}`);
  let main: string | undefined;
  for (const rels of pkg.names.filter((n) => n.endsWith('.rels'))) {
    const base = rels.replace(/_rels\/[^/]*\.rels$/, '');
    parseXml(await pkg.xml(rels), (name, a) => {
      if (name !== 'Relationship' || a.TargetMode === 'External') return;
      const target = resolve(base, a.Target);
      if (!pkg.names.includes(target)) problems.push(`${rels}: relationship ${a.Id} points at missing ${target}`);
      if (rels === '_rels/.rels' && a.Type.endsWith('/officeDocument')) main = target;
    });
  }
  if (!main) problems.push('no officeDocument relationship');
  else if ((overrides.get(main) ?? '') !== mainType) problems.push(`main part ${main} has type ${overrides.get(main)}`);
  return problems;
}

/** The visible text of a Word document's body, paragraph by paragraph. */
export async function docxParagraphs(bytes: Buffer): Promise<string[]> {
  const pkg = await openPackage(bytes);
  const paragraphs: string[] = [];
  let current = '';
  parseXml(await pkg.xml('word/document.xml'), (name, _attributes, inside) => {
    if (name === 'w:p') {
      if (current) paragraphs.push(current);
      current = '';
    }
    if (name === 'w:tab' && inside.at(-1) === 'w:r') current += '\t';
  }, (text, inside) => {
    if (inside[inside.length - 1] === 'w:t') current += text;
  });
  if (current) paragraphs.push(current);
  return paragraphs;
}

export interface DocxRun {
  text: string;
  /** The East Asian font the run names (w:rFonts w:eastAsia). */
  font?: string;
  /** Half-points. */
  size?: number;
  bold: boolean;
  color?: string;
}

/** The runs of a WordprocessingML part (document, footer) with their own character formatting. */
export function docxRuns(xml: string): DocxRun[] {
  const runs: DocxRun[] = [];
  parseXml(xml, (name, a, inside) => {
    if (name === 'w:r') runs.push({ text: '', bold: false });
    const run = runs.at(-1);
    if (!run || inside.at(-1) !== 'w:rPr' || inside.at(-2) !== 'w:r') return;
    if (name === 'w:rFonts') run.font = a['w:eastAsia'];
    if (name === 'w:sz') run.size = Number(a['w:val']);
    if (name === 'w:b') run.bold = a['w:val'] !== 'false' && a['w:val'] !== '0';
    if (name === 'w:color') run.color = a['w:val'];
  }, (text, inside) => {
    if (inside.at(-1) === 'w:t' && inside.at(-2) === 'w:r' && runs.length) runs[runs.length - 1].text += text;
  });
  return runs;
}

interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

function xmlTree(xml: string): XmlNode {
  const root: XmlNode = { name: '#document', attributes: {}, children: [] };
  const open: XmlNode[] = [root];
  parseXml(xml, (name, attributes, inside) => {
    const node = { name, attributes, children: [] };
    open[inside.length].children.push(node);
    open[inside.length + 1] = node;
  });
  return root;
}

/**
 * The order of children that WordprocessingML's schema fixes (ECMA-376 Part 1, wml.xsd; the first
 * edition's sequences, which Word 2007 and later hold to). Names in one inner list may come in any order.
 */
const SEQUENCES: Record<string, (string | string[])[]> = {
  'w:pPr': ['w:pStyle', 'w:keepNext', 'w:keepLines', 'w:pageBreakBefore', 'w:framePr', 'w:widowControl', 'w:numPr', 'w:suppressLineNumbers',
    'w:pBdr', 'w:shd', 'w:tabs', 'w:suppressAutoHyphens', 'w:kinsoku', 'w:wordWrap', 'w:overflowPunct', 'w:topLinePunct', 'w:autoSpaceDE',
    'w:autoSpaceDN', 'w:bidi', 'w:adjustRightInd', 'w:snapToGrid', 'w:spacing', 'w:ind', 'w:contextualSpacing', 'w:mirrorIndents',
    'w:suppressOverlap', 'w:jc', 'w:textDirection', 'w:textAlignment', 'w:textboxTightWrap', 'w:outlineLvl', 'w:divId', 'w:cnfStyle',
    'w:rPr', 'w:sectPr', 'w:pPrChange'],
  'w:rPr': ['w:ins', 'w:del', 'w:moveFrom', 'w:moveTo', 'w:rStyle', 'w:rFonts', 'w:b', 'w:bCs', 'w:i', 'w:iCs', 'w:caps', 'w:smallCaps',
    'w:strike', 'w:dstrike', 'w:outline', 'w:shadow', 'w:emboss', 'w:imprint', 'w:noProof', 'w:snapToGrid', 'w:vanish', 'w:webHidden',
    'w:color', 'w:spacing', 'w:w', 'w:kern', 'w:position', 'w:sz', 'w:szCs', 'w:highlight', 'w:u', 'w:effect', 'w:bdr', 'w:shd',
    'w:fitText', 'w:vertAlign', 'w:rtl', 'w:cs', 'w:em', 'w:lang', 'w:eastAsianLayout', 'w:specVanish', 'w:oMath', 'w:rPrChange'],
  'w:sectPr': [['w:headerReference', 'w:footerReference'], 'w:footnotePr', 'w:endnotePr', 'w:type', 'w:pgSz', 'w:pgMar', 'w:paperSrc',
    'w:pgBorders', 'w:lnNumType', 'w:pgNumType', 'w:cols', 'w:formProt', 'w:vAlign', 'w:noEndnote', 'w:titlePg', 'w:textDirection',
    'w:bidi', 'w:rtlGutter', 'w:docGrid', 'w:printerSettings', 'w:sectPrChange'],
  'w:tblPr': ['w:tblStyle', 'w:tblpPr', 'w:tblOverlap', 'w:bidiVisual', 'w:tblStyleRowBandSize', 'w:tblStyleColBandSize', 'w:tblW', 'w:jc',
    'w:tblCellSpacing', 'w:tblInd', 'w:tblBorders', 'w:shd', 'w:tblLayout', 'w:tblCellMar', 'w:tblLook', 'w:tblCaption', 'w:tblDescription',
    'w:tblPrChange'],
  'w:tcPr': ['w:cnfStyle', 'w:tcW', 'w:gridSpan', 'w:hMerge', 'w:vMerge', 'w:tcBorders', 'w:shd', 'w:noWrap', 'w:tcMar', 'w:textDirection',
    'w:tcFitText', 'w:vAlign', 'w:hideMark', 'w:headers', 'w:cellIns', 'w:cellDel', 'w:cellMerge', 'w:tcPrChange'],
  'w:tblBorders': ['w:top', ['w:left', 'w:start'], 'w:bottom', ['w:right', 'w:end'], 'w:insideH', 'w:insideV'],
  'w:tcBorders': ['w:top', ['w:left', 'w:start'], 'w:bottom', ['w:right', 'w:end'], 'w:insideH', 'w:insideV', 'w:tl2br', 'w:tr2bl'],
  'w:pBdr': ['w:top', 'w:left', 'w:bottom', 'w:right', 'w:between', 'w:bar'],
  'w:tcMar': ['w:top', ['w:left', 'w:start'], 'w:bottom', ['w:right', 'w:end']],
  'w:tblCellMar': ['w:top', ['w:left', 'w:start'], 'w:bottom', ['w:right', 'w:end']],
};
/** Elements whose properties, when present, must come first. */
const PROPERTIES_FIRST: Record<string, string> = { 'w:p': 'w:pPr', 'w:r': 'w:rPr', 'w:tc': 'w:tcPr', 'w:tbl': 'w:tblPr' };
const RELATIONSHIP_ATTRIBUTES = ['r:id', 'r:embed', 'r:link', 'r:pict'];

function schemaProblems(part: string, node: XmlNode, relationshipIds: Set<string>, problems: string[]): void {
  const names = node.children.map((c) => c.name);
  const sequence = SEQUENCES[node.name];
  if (sequence) {
    const rank = (name: string) => sequence.findIndex((entry) => (Array.isArray(entry) ? entry.includes(name) : entry === name));
    let last = -1;
    for (const name of names) {
      const at = rank(name);
      if (at < 0) problems.push(`${part}: ${name} is not allowed in ${node.name}`);
      else if (at < last) problems.push(`${part}: ${name} comes too late in ${node.name} (${names.join(' ')})`);
      else if (at === last && !Array.isArray(sequence[at])) problems.push(`${part}: ${name} repeated in ${node.name}`);
      last = Math.max(last, at);
    }
  }
  const first = PROPERTIES_FIRST[node.name];
  if (first && names.indexOf(first) > 0) problems.push(`${part}: ${first} is not the first child of ${node.name}`);
  if (node.name === 'w:tbl' && (names[0] !== 'w:tblPr' || names[1] !== 'w:tblGrid')) problems.push(`${part}: w:tbl without w:tblPr then w:tblGrid`);
  if (node.name === 'w:tc' && names.filter((n) => n !== 'w:tcPr').at(-1) !== 'w:p') problems.push(`${part}: a table cell must end with a paragraph`);
  if (node.name === 'w:tr' && !names.includes('w:tc')) problems.push(`${part}: a table row without cells`);
  for (const attribute of RELATIONSHIP_ATTRIBUTES) {
    const id = node.attributes[attribute];
    if (id !== undefined && !relationshipIds.has(id)) problems.push(`${part}: ${node.name} ${attribute}="${id}" names no relationship`);
  }
  for (const child of node.children) schemaProblems(part, child, relationshipIds, problems);
}

/**
 * Schema-level checks of a .docx beyond the package: in the main document, headers, footers and
 * styles, children in the order the schema fixes, the structure Word insists on (a table has its
 * properties and grid, a cell ends with a paragraph), and every relationship id resolved.
 */
export async function wordprocessingProblems(bytes: Buffer): Promise<string[]> {
  const pkg = await openPackage(bytes);
  const problems: string[] = [];
  for (const part of pkg.names.filter((n) => /^word\/(document|header\d*|footer\d*|styles)\.xml$/.test(n))) {
    const rels = part.replace(/([^/]+)$/, '_rels/$1.rels');
    const ids = new Set<string>();
    if (pkg.names.includes(rels)) parseXml(await pkg.xml(rels), (name, a) => name === 'Relationship' && ids.add(a.Id));
    schemaProblems(part, xmlTree(await pkg.xml(part)), ids, problems);
  }
  return problems;
}
