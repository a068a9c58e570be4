/**
 * The one escaping function for user-supplied strings (names, typed text, file
 * names, imported text) placed in card markdown. Markdown and HTML
 * punctuation become HTML entities, which Feishu's markdown shows as the
 * characters themselves; the DingTalk and text renderers turn them into their
 * own safe forms (fullWidthEscapes, plainText). So nobody can inject a link of
 * their choosing, an <at id=all>, a forged mention, HTML or formatting.
 * Control and bidi-override characters are dropped: they could rewrite a
 * terminal line or disguise what a card says.
 */
export function escapeMarkdown(text: string): string {
  return stripControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`[\]\\#|]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** The same strings placed in HTML (the console): text and quoted attribute values. */
export function escapeHtml(text: string): string {
  return stripControls(text).replace(/[&<>"'`]/g, (ch) => HTML_ENTITIES[ch]);
}

const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripControls(text: string): string {
  return text.replace(CONTROLS, '');
}

const ENTITY = /&(?:#(\d+)|lt|gt|amp);/g;
const NAMED: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };
const unescaped = (entity: string, code: string | undefined) => (code ? String.fromCharCode(Number(code)) : NAMED[entity]);

/** The escaped characters back, for a terminal, where nothing is markup. */
export function plainText(escaped: string): string {
  return stripControls(escaped.replace(ENTITY, unescaped));
}

/**
 * For markdown that may not read HTML entities (DingTalk): each escaped
 * character becomes its full-width twin, which no markdown reads as syntax and
 * a reader reads as the same character.
 */
export function fullWidthEscapes(escaped: string): string {
  return escaped.replace(ENTITY, (entity, code) => {
    const ch = unescaped(entity, code);
    return ch > ' ' && ch < '\u007f' && ch !== '&' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch;
  });
}
