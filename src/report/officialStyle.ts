/**
 * GB/T 9704-2012 layout for Chinese official documents, in Word's units.
 * Fonts are referenced by the names an office PC has; a machine without them
 * substitutes its own CJK fonts (LibreOffice on Debian: Noto CJK).
 */
export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading: '黑体',
  subheading: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

/** Font sizes in half-points: 初号 42pt, 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt. */
export const SIZES = { banner: 84, title: 44, body: 32, pageNumber: 28, table: 24, tableSmall: 21 } as const;

export const RED = 'C00000';

const convertMillimetersToTwip = (mm: number) => Math.round((mm * 1440) / 25.4);

/** A4, with the 156 mm × 225 mm type area: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm. */
export const PAGE = {
  // Word's own A4 numbers (210 mm × 297 mm rounded).
  width: 11906,
  height: 16838,
  margin: {
    top: convertMillimetersToTwip(37),
    bottom: convertMillimetersToTwip(35),
    left: convertMillimetersToTwip(28),
    right: convertMillimetersToTwip(26),
    // The page number sits about 7 mm below the type area.
    footer: convertMillimetersToTwip(22),
    header: convertMillimetersToTwip(15),
  },
  textWidth: convertMillimetersToTwip(156),
} as const;

/** 22 lines a page in the 225 mm type area: a fixed line pitch of 28.95 pt (rounding up would leave room for 21). */
export const BODY_LINE = Math.floor(convertMillimetersToTwip(225) / 22);
/** Body paragraphs start two characters in (2 × 16 pt). */
export const FIRST_LINE_INDENT = 640;

/** The type area's width in pixels at 96 dpi, for images. */
export const TEXT_WIDTH_PX = Math.round((156 / 25.4) * 96);

export const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });
