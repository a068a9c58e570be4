import fs from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { xmlText } from './xmlText';

/**
 * Where Debian and most Linux systems keep a CJK font (fonts-noto-cjk,
 * fonts-wqy-*). resvg is handed the file directly: scanning every system font
 * on each render is slow, and without a CJK font the labels come out blank.
 */
const CJK_FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
];
const CJK_FAMILY = 'Noto Sans CJK SC, WenQuanYi Micro Hei, WenQuanYi Zen Hei, sans-serif';

export interface Bar {
  label: string;
  /** Percent, 0–100. */
  value: number;
  highlighted: boolean;
}

export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
}

const WIDTH = 900;
const ROW_HEIGHT = 34;

/** A horizontal bar chart of completion rates, drawn by ECharts as SVG and rasterised by resvg; no browser, no network. */
export function completionChart(title: string, bars: Bar[]): ChartImage {
  const height = 90 + bars.length * ROW_HEIGHT;
  // resvg refuses an SVG holding a control character, and the whole bulletin with it.
  title = xmlText(title);
  bars = bars.map((bar) => ({ ...bar, label: xmlText(bar.label) }));
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  // Top of the ranking at the top: the category axis draws its first entry at the bottom.
  const rows = [...bars].reverse();
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CJK_FAMILY },
    title: { text: title, left: 'center', top: 8, textStyle: { fontSize: 24, fontWeight: 'normal', fontFamily: CJK_FAMILY } },
    grid: { left: 12, right: 56, top: 48, bottom: 28, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', fontSize: 18 } },
    yAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { fontSize: 20 }, axisTick: { show: false } },
    series: [{
      type: 'bar',
      barMaxWidth: 18,
      data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.highlighted ? '#c00000' : '#2f5597' } })),
      label: { show: true, position: 'right', formatter: '{c}%', fontSize: 18 },
    }],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const fontFiles = CJK_FONT_FILES.filter((file) => fs.existsSync(file));
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'width', value: WIDTH * 2 },
    font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: 'Noto Sans CJK SC' },
  }).render();
  return { png: rendered.asPng(), width: WIDTH, height };
}
