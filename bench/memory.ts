/**
 * Agent memory at scale: 1,000,000 memories in total (900,000 spread over 900 other agents,
 * then 100,000 for the measured agent), then 1,000 ranked searches of that agent.
 *
 *   npm run bench:memory     (BENCH_TOTAL=1000000 BENCH_AGENT=100000 BENCH_QUERIES=1000 to change;
 *                             BENCH_WARMUP_QUERIES=200 untimed searches come first)
 *
 * BENCH_DB=/path/memory.db keeps the loaded database and, when it already holds the measured
 * agent, skips loading: to iterate on search without reloading a million rows each time.
 * BENCH_DATABASE_URL=postgres://… runs the same on PostgreSQL (tsvector + ts_rank), in whatever
 * schema the URL's search_path names; it is kept, and reused the same way.
 *
 * Runs the real services in-process on an embedded SQLite file (WAL), as the gateway does:
 * - other agents are loaded through the repository (no dedupe), in transactions of 5,000;
 * - the measured agent is written through MemoryService.bulkCreate in batches of 500, i.e. the
 *   full write path with the near-duplicate check: that is the reported insert rate;
 * - each search is SearchService.search: FTS5 bm25 candidates of one agent, re-ranking and the
 *   access update of the hits. Target (README): p95 ≤ 10 ms.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from '@app/infrastructure';
import { MemoryService, SearchService, type NewMemory } from '@app/letta';
import { createApplication } from '../apps/gateway/src/bootstrap';
import { MemoryRepository, memoryRecord, type MemoryRecord } from '@app/letta/testing';
import { runBench } from './support';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 1_000_000);
const AGENT = Number(process.env.BENCH_AGENT ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1000);
const WARMUP_QUERIES = Number(process.env.BENCH_WARMUP_QUERIES ?? 200);
const KEPT_DB = process.env.BENCH_DB;
const POSTGRES_URL = process.env.BENCH_DATABASE_URL;
const KEEP = KEPT_DB !== undefined || POSTGRES_URL !== undefined;
const OTHER_AGENTS = 900;
const VOCABULARY = 20_000;

// Deterministic PRNG (mulberry32) so every run indexes the same texts.
let seed = 42;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ner',
  'tas',
  'vu',
  'zen',
  'ro',
  'pli',
  'dor',
  'fa',
  'gue',
  'hin',
  'jo',
  'qua',
  'sel',
  'tur',
  'bex',
  'cy',
  'wal',
];
const WORDS = Array.from({ length: VOCABULARY }, (_, i) => {
  let n = i;
  let w = '';
  do {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return w;
});
// Zipf-like: a few words are common, most are rare, as in real text.
const word = () => WORDS[Math.floor(VOCABULARY * Math.pow(random(), 2.5))];
const sentence = (n: number) => Array.from({ length: n }, word).join(' ');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const dir = KEPT_DB ? dirname(KEPT_DB) : mkdtempSync(join(tmpdir(), 'bench-memory-'));
  const sqlitePath = KEPT_DB ?? join(dir, 'memory.db');
  const config = loadConfig({
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SQLITE_PATH: sqlitePath,
      DATABASE_URL: POSTGRES_URL ?? '',
      MEMORY_SWEEP_INTERVAL_MS: '0',
      METRICS_ENABLED: 'true',
    },
  });
  config.monitoring.health.diskPath = dir;
  const app = await createApplication(config);
  await app.init();
  try {
    const repo = app.get(MemoryRepository);
    const memories = app.get(MemoryService);
    const search = app.get(SearchService);

    const scope = { tenant: 'bench', agentId: 'measured' };
    const reused = KEEP && (await repo.count(scope, new Date())) > 0;
    const others = TOTAL - AGENT;
    let t0 = performance.now();
    const now = new Date();
    for (let done = reused ? others : 0; done < others;) {
      const batch = Math.min(5000, others - done);
      await repo.transaction(async (trx) => {
        const byAgent = new Map<number, MemoryRecord[]>();
        for (let i = 0; i < batch; i++) {
          const agent = (done + i) % OTHER_AGENTS;
          // Arguments run left to right: the text's draws, then the importance's, as every run indexes.
          const record = memoryRecord(sentence(12 + Math.floor(random() * 10)), now, { importance: random() });
          byAgent.set(agent, [...(byAgent.get(agent) ?? []), record]);
        }
        for (const [agent, records] of byAgent)
          await repo.insert({ tenant: 'bench', agentId: `other-${agent}` }, records, trx);
      });
      done += batch;
      if (done % 100_000 === 0) process.stdout.write(`  other agents: ${done.toLocaleString()} memories\n`);
    }
    const otherSeconds = (performance.now() - t0) / 1000;

    t0 = performance.now();
    let deduplicated = 0;
    for (let done = reused ? AGENT : 0; done < AGENT;) {
      const batch: NewMemory[] = Array.from({ length: Math.min(500, AGENT - done) }, () => ({
        type: (['semantic', 'episodic', 'procedural'] as const)[Math.floor(random() * 3)],
        content: sentence(12 + Math.floor(random() * 10)),
        importance: random(),
        tags: random() < 0.2 ? ['flagged'] : [],
      }));
      const results = await memories.bulkCreate(scope, batch);
      deduplicated += results.filter((r) => r.deduplicated).length;
      done += batch.length;
      if (done % 20_000 === 0) process.stdout.write(`  measured agent: ${done.toLocaleString()} memories\n`);
    }
    const agentSeconds = (performance.now() - t0) / 1000;

    // Warm the statement cache, the JIT and the page cache as a running service would be: over the
    // first hundred searches of a fresh process, p95 was two to three times the steady state's.
    for (let i = 0; i < WARMUP_QUERIES; i++) await search.search(scope, { q: sentence(2), limit: 10 });
    const latencies: number[] = [];
    let hits = 0;
    let candidates = 0;
    for (let i = 0; i < QUERIES; i++) {
      const q = sentence(2 + Math.floor(random() * 2));
      const start = performance.now();
      const result = await search.search(scope, { q, limit: 10 });
      latencies.push(performance.now() - start);
      hits += result.items.length;
      candidates += result.candidates;
    }
    latencies.sort((a, b) => a - b);

    const dbBytes = POSTGRES_URL
      ? Number(
          (await sql<{ n: string }>`select pg_total_relation_size('letta_memories') as n`.execute(repo.db)).rows[0].n,
        )
      : statSync(sqlitePath).size;
    console.log(`\nAgent memory benchmark (${POSTGRES_URL ? 'PostgreSQL' : 'embedded SQLite'}, in-process services)`);
    console.log(
      `  memories in total          ${TOTAL.toLocaleString()} (${others.toLocaleString()} over ${OTHER_AGENTS} agents + ${AGENT.toLocaleString()} for one agent)`,
    );
    if (reused)
      console.log(`  loading skipped            reused ${POSTGRES_URL ? 'the PostgreSQL schema' : sqlitePath}`);
    else {
      console.log(
        `  bulk load, other agents    ${(others / otherSeconds).toFixed(0)} memories/s (repository, no dedupe)`,
      );
      console.log(
        `  insert rate, one agent     ${(AGENT / agentSeconds).toFixed(0)} memories/s (MemoryService.bulkCreate, batches of 500, dedupe check on; ${deduplicated} merged)`,
      );
    }
    console.log(
      `  search, ${QUERIES} queries     p50 ${percentile(latencies, 50).toFixed(2)} ms  p95 ${percentile(latencies, 95).toFixed(2)} ms  p99 ${percentile(latencies, 99).toFixed(2)} ms  max ${latencies[latencies.length - 1].toFixed(2)} ms`,
    );
    console.log(
      `  per query (mean)           ${(candidates / QUERIES).toFixed(1)} candidates ranked, ${(hits / QUERIES).toFixed(1)} hits returned`,
    );
    console.log(
      `  ${POSTGRES_URL ? 'memories table + indexes  ' : 'database file             '} ${(dbBytes / 1024 / 1024).toFixed(0)} MiB${POSTGRES_URL ? '' : ' (+ WAL)'}`,
    );
    console.log(`  node ${process.version}, ${process.platform}/${process.arch}`);
  } finally {
    await app.close();
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
