import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app';
import { printedSection } from '../ingest/printedSection';
import { campaignById, campaignSource } from '../register/consoleQueries';

const REPO_ROOT = path.join(__dirname, '..', '..');

/** The text a campaign was imported from: uploaded through the console, or one of the project's seed files. */
async function sourceText(app: App, campaignId: number): Promise<string | null> {
  const stored = await campaignSource(app.db, campaignId);
  if (stored) return stored.content;
  const campaign = await campaignById(app.db, campaignId);
  const document = campaign?.source_document ?? '';
  if (!/^seeds\/[\w.-]+\.txt$/.test(document)) return null;
  const file = path.join(REPO_ROOT, document);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

export async function printedColumn(app: App, campaignId: number, heading: string | null): Promise<string | null> {
  if (!heading) return null;
  const text = await sourceText(app, campaignId);
  return text ? printedSection(text, heading) : null;
}
