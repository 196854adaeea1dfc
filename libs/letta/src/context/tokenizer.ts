import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';

/**
 * Token counts for context budgets: OpenAI's cl100k_base BPE (GPT-4 / GPT-3.5 and most
 * OpenAI-compatible servers' default), via js-tiktoken (pure JS, ranks shipped in the package).
 * Built on first use (~0.3 s) and kept: one encoder for the process.
 */
export const TOKENIZER_NAME = 'cl100k_base';

let encoder: Tiktoken | undefined;

export function countTokens(text: string): number {
  encoder ??= new Tiktoken(cl100k);
  return encoder.encode(text).length;
}
