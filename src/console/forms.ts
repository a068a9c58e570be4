import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';

/**
 * Form fields from either encoding: urlencoded bodies are plain objects,
 * multipart ones (attachFieldsToBody) hold { value } fields and file parts.
 */
export interface UploadedFile {
  name: string;
  mimetype: string;
  bytes: Buffer;
}

function isFilePart(value: unknown): value is MultipartFile {
  return typeof value === 'object' && value !== null && 'file' in value && 'filename' in value;
}

export function field(request: FastifyRequest, name: string): string {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && 'value' in first && !isFilePart(first)) return String((first as { value: unknown }).value ?? '');
  return '';
}

export async function uploadedFile(request: FastifyRequest, name: string): Promise<UploadedFile | undefined> {
  const body = request.body as Record<string, unknown> | undefined;
  const part = body?.[name];
  if (!isFilePart(part) || !part.filename) return undefined;
  const bytes = await part.toBuffer();
  if (!bytes.length) return undefined;
  return { name: part.filename, mimetype: part.mimetype, bytes };
}
