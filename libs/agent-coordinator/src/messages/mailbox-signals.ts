import { Injectable } from '@nestjs/common';

type Listener = () => void;

/** Waiters re-read the database this often too, so a change made by another replica is seen. */
export const RECHECK_MS = 250;

/**
 * In-process wake-ups: "agent X has new mail" and "message Y finished". Waiters (long polls,
 * SSE streams, reply waits, built-in dispatch) subscribe and always unsubscribe when done, so
 * the maps hold only what is being waited on right now. Across replicas there is no signal:
 * waiters also re-read the database on a short interval (RECHECK_MS).
 */
@Injectable()
export class MailboxSignals {
  private readonly agentListeners = new Map<string, Set<Listener>>();
  private readonly messageListeners = new Map<string, Set<Listener>>();
  private readonly anyAgentListeners = new Set<(agentId: string) => void>();

  agentChanged(agentId: string): void {
    for (const listener of [...(this.agentListeners.get(agentId) ?? [])]) listener();
    for (const listener of [...this.anyAgentListeners]) listener(agentId);
  }

  messageFinished(messageId: string): void {
    for (const listener of [...(this.messageListeners.get(messageId) ?? [])]) listener();
  }

  onAgent(agentId: string, listener: Listener): () => void {
    return add(this.agentListeners, agentId, listener);
  }

  onMessage(messageId: string, listener: Listener): () => void {
    return add(this.messageListeners, messageId, listener);
  }

  /** For the built-in dispatcher, which serves many mailboxes. */
  onAnyAgent(listener: (agentId: string) => void): () => void {
    this.anyAgentListeners.add(listener);
    return () => this.anyAgentListeners.delete(listener);
  }
}

function add(map: Map<string, Set<Listener>>, key: string, listener: Listener): () => void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (!set.size) map.delete(key);
  };
}

/** Resolves on the first signal or after `ms`, whichever comes first; always unsubscribes. */
export function waitForSignal(
  subscribe: (listener: Listener) => () => void,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    let unsubscribe = () => {};
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    unsubscribe = subscribe(done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
