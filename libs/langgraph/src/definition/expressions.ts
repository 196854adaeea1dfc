import jsonLogic from 'json-logic-js';
import type { FieldProblem } from '@app/infrastructure';

/**
 * Conditions, node inputs and outputs in a workflow definition are JSON Logic (jsonlogic.com):
 * data, evaluated by json-logic-js, never `eval`. Only the operators below are accepted, so a
 * definition cannot reach anything but the run state it is given.
 */
export const OPERATORS = new Set([
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  '==',
  '===',
  '!=',
  '!==',
  '!',
  '!!',
  'or',
  'and',
  '>',
  '>=',
  '<',
  '<=',
  'max',
  'min',
  '+',
  '-',
  '*',
  '/',
  '%',
  'map',
  'reduce',
  'filter',
  'all',
  'none',
  'some',
  'merge',
  'in',
  'cat',
  'substr',
]);
const FORBIDDEN_PATH = /(^|\.)(__proto__|prototype|constructor)(\.|$)/;
const MAX_DEPTH = 32;

/** An object with exactly one key that is an operator is an expression; anything else is data. */
export function isExpression(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && OPERATORS.has(keys[0]);
}

/**
 * Problems of a template at `field`: unknown operators (a one-key object whose key looks like an
 * operator but is not one), forbidden `var` paths, excessive nesting.
 */
export function checkTemplate(template: unknown, field: string, depth = 0): FieldProblem[] {
  if (depth > MAX_DEPTH) return [{ field, message: `is nested deeper than ${MAX_DEPTH} levels` }];
  if (Array.isArray(template)) return template.flatMap((v, i) => checkTemplate(v, `${field}[${i}]`, depth + 1));
  if (template === null || typeof template !== 'object') return [];
  const entries = Object.entries(template);
  if (entries.length === 1) {
    const [op, args] = entries[0];
    if (OPERATORS.has(op)) {
      if (op === 'var') {
        const path = Array.isArray(args) ? args[0] : args;
        if (typeof path === 'string' && FORBIDDEN_PATH.test(path))
          return [{ field: `${field}.var`, message: `path "${path}" is not allowed` }];
      }
      return checkTemplate(args, `${field}.${op}`, depth + 1);
    }
    if (looksLikeOperator(op)) {
      return [
        {
          field: `${field}.${op}`,
          message: `"${op}" is not a supported JSON Logic operator (supported: ${[...OPERATORS].join(' ')})`,
        },
      ];
    }
  }
  return entries.flatMap(([k, v]) => checkTemplate(v, `${field}.${k}`, depth + 1));
}

// Names JSON Logic had or has elsewhere (method, log, …): reject rather than pass through as data.
function looksLikeOperator(op: string): boolean {
  return (
    ['method', 'log', 'eval', 'function', 'call', 'apply', 'new', 'require', 'import'].includes(op) ||
    /^[^A-Za-z0-9_$]+$/.test(op)
  );
}

/** Evaluates one expression against `data`. */
export function evaluate(expression: unknown, data: unknown): unknown {
  return jsonLogic.apply(expression as jsonLogic.RulesLogic, data);
}

/** Truthiness as JSON Logic defines it (an empty array is false). */
export function truthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}

/** Resolves a template: expressions are evaluated, arrays and objects recursively, the rest is literal. */
export function resolveTemplate(template: unknown, data: unknown): unknown {
  if (isExpression(template)) return evaluate(template, data);
  if (Array.isArray(template)) return template.map((v) => resolveTemplate(v, data));
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) out[k] = resolveTemplate(v, data);
    return out;
  }
  return template;
}
