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

/** An API type's model class, and its TypeScript interface `I<Kind>` in `kubernetes-models/<apiVersion>/<Kind>`. */
function modelOf(type: string, model: unknown): { model: ModelClass; module: string; iface: string } {
  const kind = type.slice(type.lastIndexOf('/') + 1);
  return { model: model as ModelClass, module: `kubernetes-models/${type}`, iface: `I${kind}` };
}

/** apiVersion/kind → model class and the module holding its TypeScript interface. */
const MODELS = Object.fromEntries(
  (
    [
      ['v1/ConfigMap', ConfigMap],
      ['v1/Service', Service],
      ['v1/ServiceAccount', ServiceAccount],
      ['apps/v1/Deployment', Deployment],
      ['autoscaling/v2/HorizontalPodAutoscaler', HorizontalPodAutoscaler],
      ['policy/v1/PodDisruptionBudget', PodDisruptionBudget],
    ] as Array<[string, unknown]>
  ).map(([type, model]) => [type, modelOf(type, model)]),
);

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
