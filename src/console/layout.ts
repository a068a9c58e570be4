import { Html, html } from './html';
import type { Viewer } from './viewer';

const NAV: { path: string; label: string; officeOnly?: boolean }[] = [
  { path: '/console/', label: '总览' },
  { path: '/console/departments', label: '部门' },
  { path: '/console/leaders', label: '领导' },
  { path: '/console/queue', label: '审核', officeOnly: true },
  { path: '/console/review', label: '待核定', officeOnly: true },
  { path: '/console/import', label: '导入', officeOnly: true },
  { path: '/console/roster', label: '花名册', officeOnly: true },
  { path: '/console/sessions', label: '登录会话', officeOnly: true },
];

export interface PageOptions {
  title: string;
  viewer?: Viewer;
  body: Html;
  /** Extra scripts served from /console/assets or /console/vendor. */
  scripts?: string[];
  flash?: { tone: 'ok' | 'error'; text: string };
}

/** The console's one page frame: Chinese, phone-friendly, scripts only from our own origin. */
export function page(options: PageOptions): string {
  const { viewer } = options;
  const nav = viewer
    ? html`<nav>${NAV.filter((n) => !n.officeOnly || viewer.isOffice).map((n) => html`<a href="${n.path}">${n.label}</a>`)}
        <span class="who">${viewer.displayName}${viewer.isOffice ? '（督查室）' : ''}
        <form method="post" action="/console/logout" class="inline">${csrfField(viewer)}<button type="submit" class="link">退出</button></form></span></nav>`
    : html``;
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · 督办控制台</title>
<link rel="stylesheet" href="/console/assets/console.css">
</head><body>
<header><strong>督办控制台</strong>${nav}</header>
<main>
${options.flash ? html`<p class="flash ${options.flash.tone}" role="status">${options.flash.text}</p>` : ''}
<h1>${options.title}</h1>
${options.body}
</main>
${(options.scripts ?? []).map((src) => html`<script src="${src}"></script>`)}
</body></html>`.text;
}

export function csrfField(viewer: Viewer): Html {
  return html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}">`;
}
