import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_VARIABLES } from '@app/infrastructure';

const ROOT = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('-spec.ts')
      ? [path]
      : [];
  });
}

function listedInEnvExample(): Set<string> {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  return new Set([...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
}

describe('.env.example', () => {
  const listed = listedInEnvExample();

  it('lists every variable in the configuration table', () => {
    const missing = ENV_VARIABLES.map((v) => v.name).filter((name) => !listed.has(name));
    expect(missing).toEqual([]);
  });

  it('lists every variable the code reads directly from process.env', () => {
    const read = new Set<string>();
    for (const file of [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g))
        read.add(m[1] ?? m[2]);
      for (const m of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g))
        read.add(m[1] ?? m[2]);
    }
    const missing = [...read].filter((name) => !listed.has(name)).sort();
    expect(missing).toEqual([]);
  });

  it('lists no variable the code does not read, and has at least 20', () => {
    const known = new Set(ENV_VARIABLES.map((v) => v.name));
    expect([...listed].filter((name) => !known.has(name))).toEqual([]);
    expect(listed.size).toBeGreaterThanOrEqual(20);
  });
});
