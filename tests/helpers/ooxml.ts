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
