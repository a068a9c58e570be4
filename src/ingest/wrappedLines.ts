/**
 * Rejoins cells whose text the PDF wrapped onto several lines when nothing but
 * the count of rows tells where a cell ends (the categorised layout prints no
 * 。 and no blank line between rows).
 */
const CONTINUES_AFTER = /[，、；：（《“(\-—]$/;
const CONTINUES_BEFORE = /^(以上|以下|以内|上[，、；。]|[）」》”，、；：。%)])/;
/** "…项目4" + "个以上": a number is never separated from its unit. */
const UNIT_START = /^(个|家|项|名|人|亩|所|次|张|处|条|场|批|座|万|亿|元|吨|米|公里|千瓦|兆瓦)/;
const CLOSED = /[。》）”)]$/;

/** Verbs that open a commitment; a line starting with one is rarely the tail of a wrapped cell. */
const OPENING_VERB =
  /^(新增|新建|完成|实施|实现|建成|创建|开展|推进|深化|深入|谋划|举办|出台|组建|启动|编制|修订|争创|争取|争列|开工|培育|培养|引进|招引|加快|加大|确保|全面|落地|召开|统筹|制定|承办|正式|力争|打造|建立|指导|督促|储备|拟定|整治|淘汰|盘活|补充|提升|强化|健全|完善|做好|做强|组织|成功|持续|基本|按照|与)/;

/** Display width: CJK characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.charCodeAt(0) > 0xff ? 2 : 1;
  return width;
}

/**
 * Joins lines into `target` items. Lines are surely continued when punctuation
 * says so; the remaining joins go to the widest lines (those that ran into the
 * column edge). Returns null when `target` cannot be reached unambiguously.
 */
export function joinWrappedLines(groups: string[][], target: number): string[] | null {
  interface Line { text: string; next?: string; join: boolean; candidate: boolean }
  const lines: Line[] = [];
  for (const group of groups) {
    group.forEach((text, i) => {
      const next = group[i + 1];
      const last = next === undefined;
      const splitQuantity = /\d$/.test(text) && UNIT_START.test(next ?? '');
      const sure = !last && (CONTINUES_AFTER.test(text) || CONTINUES_BEFORE.test(next) || splitQuantity);
      lines.push({ text, next, join: sure, candidate: !last && !sure && !CLOSED.test(text) });
    });
  }
  const itemsNow = lines.filter((l) => !l.join).length;
  const needed = itemsNow - target;
  if (needed < 0) return null;
  if (needed > 0) {
    // Rank: the next line does not open a new item, then the line ran wider.
    const rank = (l: Line) => (OPENING_VERB.test(l.next ?? '') ? 0 : 1000) + displayWidth(l.text);
    const candidates = lines.filter((l) => l.candidate).sort((a, b) => rank(b) - rank(a));
    if (candidates.length < needed) return null;
    // A tie at the cut-off means the layout cannot decide.
    if (candidates[needed] && rank(candidates[needed]) === rank(candidates[needed - 1])) return null;
    candidates.slice(0, needed).forEach((l) => (l.join = true));
  }
  const items: string[] = [];
  let current = '';
  for (const line of lines) {
    current += line.text;
    if (!line.join) {
      items.push(current);
      current = '';
    }
  }
  return items;
}
