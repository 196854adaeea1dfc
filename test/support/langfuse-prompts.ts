/**
 * The prompts side of a Langfuse server (public API v2), in memory, for CaptureServer: create a
 * version (POST /api/public/v2/prompts), get one by label or version (GET …/{name}), set a
 * version's labels (PATCH …/{name}/versions/{version}). Names are URL-decoded as Langfuse does,
 * `latest` follows the newest version, and a label moves between versions.
 */
export interface FakePrompt {
  name: string;
  version: number;
  type: 'text' | 'chat';
  prompt: unknown;
  config: unknown;
  labels: string[];
  tags: string[];
  commitMessage?: string;
}

const PREFIX = '/api/public/v2/prompts';

export class LangfusePromptsFake {
  readonly versions: FakePrompt[] = [];

  handles(path: string): boolean {
    return path === PREFIX || path.startsWith(`${PREFIX}/`);
  }

  /** The reply to one request: status and JSON body. */
  answer(method: string, url: string, body: string): { status: number; body: unknown } {
    const [path, query = ''] = url.split('?');
    const params = new URLSearchParams(query);
    const rest = path.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
    if (method === 'POST' && rest.length === 0) return { status: 201, body: this.create(JSON.parse(body)) };
    if (method === 'GET' && rest.length === 1) {
      const found = this.find(rest[0], params.get('label'), params.get('version'));
      return found ? { status: 200, body: found } : { status: 404, body: { message: 'Prompt not found' } };
    }
    if (method === 'PATCH' && rest.length === 3 && rest[1] === 'versions') {
      const found = this.versions.find((v) => v.name === rest[0] && v.version === Number(rest[2]));
      if (!found) return { status: 404, body: { message: 'Prompt version not found' } };
      const { newLabels } = JSON.parse(body) as { newLabels: string[] };
      for (const label of newLabels) this.move(found.name, label);
      found.labels = [...new Set([...found.labels.filter((l) => l === 'latest'), ...newLabels])];
      return { status: 200, body: found };
    }
    return { status: 404, body: { message: 'Not found' } };
  }

  private create(input: Omit<FakePrompt, 'version' | 'labels' | 'tags'> & { labels?: string[] }): FakePrompt {
    const version = this.versions.filter((v) => v.name === input.name).length + 1;
    const labels = [...new Set([...(input.labels ?? []), 'latest'])];
    for (const label of labels) this.move(input.name, label);
    const created: FakePrompt = {
      name: input.name,
      version,
      type: input.type,
      prompt: input.prompt,
      config: input.config ?? {},
      labels,
      tags: [],
      ...(input.commitMessage ? { commitMessage: input.commitMessage } : {}),
    };
    this.versions.push(created);
    return created;
  }

  private move(name: string, label: string): void {
    for (const v of this.versions) if (v.name === name) v.labels = v.labels.filter((l) => l !== label);
  }

  private find(name: string, label: string | null, version: string | null): FakePrompt | undefined {
    const all = this.versions.filter((v) => v.name === name);
    if (version) return all.find((v) => v.version === Number(version));
    return all.find((v) => v.labels.includes(label ?? 'production'));
  }
}
