import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** A Kubernetes object as read from YAML (only the type meta is known). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

interface Kustomization {
  resources?: string[];
  configMapGenerator?: { name: string; envs?: string[]; files?: string[]; literals?: string[] }[];
}

/** The kustomization fields this renderer implements; any other field fails loudly. */
const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'configMapGenerator']);

/** Parses every document of a YAML file; a syntax error throws with the file name. */
export function readYamlObjects(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as K8sObject | null;
    return value ? [value] : [];
  });
}

/** KEY=VALUE lines of a kustomize env file (blank lines and # comments skipped). */
export function parseEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const text = line.trim();
    if (!text || text.startsWith('#')) continue;
    const eq = text.indexOf('=');
    if (eq <= 0) throw new Error(`${path}: not KEY=VALUE: ${text}`);
    out[text.slice(0, eq)] = text.slice(eq + 1);
  }
  return out;
}

/**
 * Renders a kustomization the way `kubectl apply -k` does for the features used in deploy/k8s
 * (resources and configMapGenerator), without the name hash suffix kustomize appends to
 * generated ConfigMaps (it rewrites references to them, so the unsuffixed names match).
 * (No kubectl is assumed: CI machines get only what .ci/run installs.)
 */
export function renderKustomization(dir: string): K8sObject[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization & Record<string, unknown>;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length)
    throw new Error(`kustomization fields not understood by the test renderer: ${unsupported.join(', ')}`);
  const objects = (k.resources ?? []).flatMap((file) => readYamlObjects(join(dir, file)));
  for (const gen of k.configMapGenerator ?? []) {
    const data: Record<string, string> = {};
    for (const env of gen.envs ?? []) Object.assign(data, parseEnvFile(join(dir, env)));
    for (const literal of gen.literals ?? []) {
      const eq = literal.indexOf('=');
      data[literal.slice(0, eq)] = literal.slice(eq + 1);
    }
    for (const spec of gen.files ?? []) {
      const [key, file] = spec.includes('=') ? spec.split('=', 2) : [basename(spec), spec];
      data[key] = readFileSync(join(dir, file), 'utf8');
    }
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: gen.name }, data });
  }
  return objects;
}
