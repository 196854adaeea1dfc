import { Injectable } from '@nestjs/common';
import { AppError, Clock, newId, Page, type FieldProblem } from '@app/infrastructure';
import { DatasetRepository } from '../persistence/dataset.repository';
import { parseCsv } from './csv';
import type { Dataset, DatasetItem, ImportFormat, ImportMode, NewDatasetItem } from './dataset.types';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** Items one version holds, and one item's serialised size. */
export const MAX_ITEMS_PER_VERSION = 10_000;
const MAX_ITEM_BYTES = 256 * 1024;

/** Datasets of a tenant: items of (input, expected output, metadata), versioned, imported from JSON or CSV. */
@Injectable()
export class DatasetService {
  constructor(
    private readonly repository: DatasetRepository,
    private readonly clock: Clock,
  ) {}

  async create(tenant: string, input: { name: string; description?: string }): Promise<Dataset> {
    if (!NAME.test(input.name)) throw AppError.validation([{ field: 'name', message: `must match ${NAME.source}` }]);
    if (await this.repository.findByName(tenant, input.name))
      throw new AppError('CONFLICT', `A dataset named '${input.name}' exists`, { field: 'name' });
    const now = this.clock.now();
    const dataset: Dataset = {
      id: newId(),
      tenant,
      name: input.name,
      description: input.description ?? null,
      latestVersion: 0,
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.insert(dataset);
    return dataset;
  }

  async get(tenant: string, id: string): Promise<Dataset> {
    const found = await this.repository.find(tenant, id);
    if (!found) throw AppError.notFound('dataset', id);
    return found;
  }

  list(tenant: string, page: { limit?: number; cursor?: string }): Promise<Page<Dataset>> {
    return this.repository.list(tenant, page);
  }

  /** Imports items as the next version: JSON items, or CSV text whose columns are described in toItems. */
  async import(
    tenant: string,
    id: string,
    request: { format: ImportFormat; items?: unknown[]; csv?: string; mode?: ImportMode },
  ): Promise<{ dataset: Dataset; version: number; added: number; total: number }> {
    const dataset = await this.get(tenant, id);
    const items = request.format === 'csv' ? csvItems(request.csv) : jsonItems(request.items);
    const append = (request.mode ?? 'append') === 'append';
    const previous =
      append && dataset.latestVersion > 0 ? await this.repository.countItems(tenant, id, dataset.latestVersion) : 0;
    if (previous + items.length > MAX_ITEMS_PER_VERSION)
      throw AppError.validation([
        { field: 'items', message: `a version holds at most ${MAX_ITEMS_PER_VERSION} items` },
      ]);
    const version = await this.repository.addVersion(tenant, id, items, append, this.clock.now());
    return { dataset: await this.get(tenant, id), version, added: items.length, total: previous + items.length };
  }

  /** A version's items (default the latest); 404 for a version the dataset does not have. */
  async items(tenant: string, id: string, version?: number): Promise<{ version: number; items: DatasetItem[] }> {
    const dataset = await this.get(tenant, id);
    const v = version ?? dataset.latestVersion;
    if (v < 1 || v > dataset.latestVersion) throw AppError.notFound('dataset version', `${id}@${v}`);
    return { version: v, items: await this.repository.items(tenant, id, v) };
  }
}

function checkItem(item: unknown, field: string, problems: FieldProblem[]): NewDatasetItem | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push({ field, message: 'must be an object { input, expectedOutput?, metadata? }' });
    return null;
  }
  const value = item as Record<string, unknown>;
  for (const key of Object.keys(value))
    if (!['input', 'expectedOutput', 'metadata'].includes(key))
      problems.push({ field: `${field}.${key}`, message: 'is not an allowed field' });
  if (value.input === undefined) problems.push({ field: `${field}.input`, message: 'is required' });
  if (
    value.metadata !== undefined &&
    (typeof value.metadata !== 'object' || value.metadata === null || Array.isArray(value.metadata))
  )
    problems.push({ field: `${field}.metadata`, message: 'must be an object' });
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_ITEM_BYTES)
    problems.push({ field, message: `must serialise to at most ${MAX_ITEM_BYTES} bytes` });
  return value as unknown as NewDatasetItem;
}

function jsonItems(items: unknown[] | undefined): NewDatasetItem[] {
  if (!Array.isArray(items) || items.length === 0)
    throw AppError.validation([{ field: 'items', message: 'must be a non-empty array (format json)' }]);
  if (items.length > MAX_ITEMS_PER_VERSION)
    throw AppError.validation([{ field: 'items', message: `must hold at most ${MAX_ITEMS_PER_VERSION} items` }]);
  const problems: FieldProblem[] = [];
  const out = items.map((item, i) => checkItem(item, `items[${i}]`, problems));
  if (problems.length) throw AppError.validation(problems.slice(0, 50));
  return out as NewDatasetItem[];
}

/**
 * CSV with a header row. Columns `input`, `expectedOutput` and `metadata` hold JSON; any other
 * column becomes a field of the input (its text, or its JSON when it parses as a number,
 * boolean, object or array), so a plain table of cases imports as is.
 */
function csvItems(csv: string | undefined): NewDatasetItem[] {
  if (typeof csv !== 'string' || csv.trim() === '')
    throw AppError.validation([{ field: 'csv', message: 'must be CSV text with a header row (format csv)' }]);
  let rows: string[][];
  try {
    rows = parseCsv(csv);
  } catch (err) {
    throw AppError.validation([{ field: 'csv', message: `is not valid CSV: ${(err as Error).message}` }]);
  }
  const [header, ...body] = rows;
  if (!header || body.length === 0)
    throw AppError.validation([{ field: 'csv', message: 'needs a header row and at least one row' }]);
  const problems: FieldProblem[] = [];
  const parse = (text: string, field: string) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      problems.push({ field, message: 'must hold JSON' });
      return undefined;
    }
  };
  const items = body.map((row, r) => {
    if (row.length !== header.length)
      problems.push({
        field: `csv.row[${r + 1}]`,
        message: `has ${row.length} cells; the header has ${header.length}`,
      });
    const item: Record<string, unknown> = {};
    const input: Record<string, unknown> = {};
    header.forEach((column, c) => {
      const cell = row[c] ?? '';
      const at = `csv.row[${r + 1}].${column}`;
      if (column === 'input' || column === 'expectedOutput' || column === 'metadata') {
        if (cell !== '') item[column] = parse(cell, at);
      } else if (cell !== '') {
        let value: unknown = cell;
        try {
          const parsed: unknown = JSON.parse(cell);
          if (typeof parsed !== 'string') value = parsed;
        } catch {
          // Plain text stays text.
        }
        input[column] = value;
      }
    });
    if (item.input === undefined) item.input = input;
    else if (Object.keys(input).length) item.input = { ...(item.input as object), ...input };
    return checkItem(item, `csv.row[${r + 1}]`, problems);
  });
  if (problems.length) throw AppError.validation(problems.slice(0, 50));
  return items as NewDatasetItem[];
}
