import { Command, Send } from '@langchain/langgraph';

interface RunSend {
  node: string;
  input?: unknown;
}

/** The API's `command` ({ resume, update, goto }) as LangGraph's Command; goto may name nodes or Sends. */
export function platformCommand(command: { resume?: unknown; update?: unknown; goto?: unknown }): Command {
  const goto = command.goto == null ? undefined : Array.isArray(command.goto) ? command.goto : [command.goto];
  return new Command({
    ...(command.resume !== undefined ? { resume: command.resume } : {}),
    ...(command.update != null ? { update: command.update as Record<string, unknown> } : {}),
    ...(goto
      ? {
          goto: goto.map((item) =>
            typeof item === 'string' ? item : new Send((item as RunSend).node, (item as RunSend).input),
          ),
        }
      : {}),
  });
}
