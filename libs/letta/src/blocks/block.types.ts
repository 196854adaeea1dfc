/** A core memory block: small, labelled, always placed first in an agent's context. */
export interface CoreBlock {
  agentId: string;
  label: string;
  value: string;
  limitChars: number;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a caller writes into a block (the label comes from the path). */
export interface BlockInput {
  value: string;
  /** The block's own size limit in characters; default MEMORY_BLOCK_LIMIT_CHARS. */
  limitChars?: number;
  description?: string | null;
}
