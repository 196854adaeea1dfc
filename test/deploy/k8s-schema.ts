import { join } from 'node:path';
import ts from 'typescript';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { K8sObject } from './kustomize';

/**
 * Validation of Kubernetes objects against the official OpenAPI schemas, as compiled by the
 * `kubernetes-models` package (one ajv validator per API type, generated from the Kubernetes
 * OpenAPI document), plus a strict pass that rejects fields the API type does not have (what
 * `kubeconform -strict` does; the OpenAPI schemas themselves allow unknown fields, which the API
 * server then drops silently, e.g. a misspelt `periodSecond`).
 */

interface ModelClass {
  new (data: never): { validate(): void };
}

/** apiVersion/kind → model class and the module holding its TypeScript interface. */
const MODELS: Record<string, { model: ModelClass; module: string; iface: string }> = {
  'v1/ConfigMap': {
    model: ConfigMap as unknown as ModelClass,
    module: 'kubernetes-models/v1/ConfigMap',
    iface: 'IConfigMap',
  },
  'v1/Service': { model: Service as unknown as ModelClass, module: 'kubernetes-models/v1/Service', iface: 'IService' },
  'v1/ServiceAccount': {
    model: ServiceAccount as unknown as ModelClass,
    module: 'kubernetes-models/v1/ServiceAccount',
    iface: 'IServiceAccount',
  },
  'apps/v1/Deployment': {
    model: Deployment as unknown as ModelClass,
    module: 'kubernetes-models/apps/v1/Deployment',
    iface: 'IDeployment',
  },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler as unknown as ModelClass,
    module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    iface: 'IHorizontalPodAutoscaler',
  },
  'policy/v1/PodDisruptionBudget': {
    model: PodDisruptionBudget as unknown as ModelClass,
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    iface: 'IPodDisruptionBudget',
  },
};

const typeOf = (o: K8sObject) => `${o.apiVersion}/${o.kind}`;
const label = (o: K8sObject) => `${o.kind}/${o.metadata?.name ?? '?'}`;

/** Schema errors per object (empty when valid); an API type without a schema is an error. */
export function schemaErrors(objects: K8sObject[]): string[] {
  return objects.flatMap((o) => {
    const entry = MODELS[typeOf(o)];
    if (!entry) return [`${label(o)}: no schema for ${typeOf(o)}`];
    try {
      new entry.model(o as never).validate();
      return [];
    } catch (err) {
      return [`${label(o)}: ${(err as Error).message}`];
    }
  });
}

/**
 * Unknown-field errors: each object is written as an object literal typed with its API type's
 * interface and type-checked, so TypeScript's excess-property check names every field the type
 * lacks, at any depth (and any value of the wrong type).
 */
export function strictFieldErrors(objects: K8sObject[]): string[] {
  const known = objects.filter((o) => MODELS[typeOf(o)]);
  const file = join(__dirname, '__manifests_strict_check__.ts');
  const source = [
    ...known.map((o, i) => `import type { ${MODELS[typeOf(o)].iface} as T${i} } from '${MODELS[typeOf(o)].module}';`),
    ...known.map((o, i) => `export const m${i}: T${i} = ${JSON.stringify(o, null, 1)};`),
  ].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, lang, ...rest) =>
    name === file ? ts.createSourceFile(name, source, lang) : getSourceFile.call(host, name, lang, ...rest);
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? source : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()].filter(
    (d) => d.file?.fileName === file || !d.file,
  );
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    // Name the object the error is in: the nearest `export const mN` above it.
    const before = source.slice(0, d.start);
    const index = Number(/export const m(\d+)(?![\s\S]*export const m\d+)/.exec(before)?.[1] ?? NaN);
    return `${Number.isNaN(index) ? '?' : label(known[index])}: ${message}`;
  });
}

/** Both checks together: the list is empty when every object is valid. */
export function validateManifests(objects: K8sObject[]): string[] {
  return [...schemaErrors(objects), ...strictFieldErrors(objects)];
}
