import type { FieldProblem } from '@app/infrastructure';
import type { PromptMessage } from '@app/handit';
import type { PromptBody } from './prompt.types';

// Langfuse's variable syntax: {{name}}, spaces allowed inside the braces.
const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The variables a prompt uses, in order of first use. */
export function variablesOf(prompt: PromptBody): string[] {
  const texts = typeof prompt === 'string' ? [prompt] : prompt.map((m) => m.content);
  const seen = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(VARIABLE)) seen.add(match[1]);
  return [...seen];
}

/** Problems of a compile: a variable missing, or one the prompt does not use. */
export function compileProblems(prompt: PromptBody, variables: Record<string, string>, field: string): FieldProblem[] {
  const used = variablesOf(prompt);
  const problems: FieldProblem[] = [];
  for (const name of used)
    if (variables[name] === undefined)
      problems.push({ field: `${field}.${name}`, message: 'is required by the prompt' });
  for (const name of Object.keys(variables))
    if (!used.includes(name)) problems.push({ field: `${field}.${name}`, message: 'is not a variable of the prompt' });
  return problems;
}

function fill(text: string, variables: Record<string, string>): string {
  return text.replace(VARIABLE, (_, name: string) => variables[name] ?? '');
}

/** The prompt with its variables filled in (check compileProblems first). */
export function compile(prompt: PromptBody, variables: Record<string, string>): PromptBody {
  if (typeof prompt === 'string') return fill(prompt, variables);
  return prompt.map((m) => ({ role: m.role, content: fill(m.content, variables) }));
}

/** A compiled prompt as chat messages: a text prompt is the system message. */
export function asMessages(compiled: PromptBody): PromptMessage[] {
  return typeof compiled === 'string' ? [{ role: 'system', content: compiled }] : compiled;
}
