import { tokenize } from '../memories/text';

/**
 * The embedded full-text index (SQLite FTS5, table `letta_memory_terms`) is keyed by agent: each
 * word of a memory is indexed as the agent's scope token (persistence/scope-token.ts, fixed length)
 * followed by the word, so "spy" of agent A and "spy" of agent B are different index terms.
 *
 * Why: with one shared vocabulary a query had to AND an agent token into every match, and FTS5
 * walked the doclists of every tenant's memories containing a common word (p95 17 ms at a
 * million memories). Keyed terms make each doclist one agent's, as a per-agent index would,
 * in one table. BM25's document frequency of a word is then the agent's own (another agent
 * writing a word often does not make it look common here); the row count and average length
 * BM25 also uses stay the table's, which scales every agent's scores alike.
 *
 * Texts are tokenised here (memories/text.ts), not by FTS5, so index and queries agree by
 * construction; every term is a run of letters and digits, which FTS5's unicode61 keeps whole.
 */
export function agentTermsDocument(scopeToken: string, content: string): string {
  return tokenize(content)
    .map((word) => scopeToken + word)
    .join(' ');
}

/**
 * An FTS5 MATCH expression over keyed terms: each term is a word or a phrase ("w1 w2", words
 * adjacent and in order), quoted so nothing in it can be read as FTS5 syntax.
 */
export function agentTermsQuery(scopeToken: string, terms: readonly string[], operator: 'AND' | 'OR'): string {
  return terms
    .map(
      (term) =>
        `"${term
          .split(' ')
          .map((word) => scopeToken + word)
          .join(' ')}"`,
    )
    .join(` ${operator} `);
}
