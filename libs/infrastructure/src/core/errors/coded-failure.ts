/**
 * A failed attempt at some work, as a retry policy sees it: a code, a message, whether another attempt
 * may help, and details for the caller. Not an API error (that is AppError): a task attempt
 * (handit's TaskExecutionError) and a workflow node (langgraph's NodeFailure) fail with one, each with
 * its own class so a catch can tell them apart.
 */
export abstract class CodedFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
