import { createClient, type ClientOptions, type OrchestrationClient } from '@neliti/ai-orchestration-client';
import { ChildApp, startService } from '../support/child-app';

export const ADMIN_KEY = 'client-suite-admin-key-0001';
export const SYSTEM_KEY = 'client-suite-system-key-0001';
export const JWT_SECRET = 'client-suite-jwt-secret-with-enough-entropy-0001';

export interface ClientService {
  app: ChildApp;
  baseUrl: string;
  client(options?: Partial<ClientOptions>): OrchestrationClient;
  stop(): Promise<void>;
}

/** The built service in a child process on 127.0.0.1 (temporary SQLite), with an admin API key. */
export async function startClientService(env: Record<string, string> = {}): Promise<ClientService> {
  const app = await startService({
    API_KEYS: `admin:admin:default:${ADMIN_KEY},ops:system:default:${SYSTEM_KEY}`,
    JWT_SECRET,
    RATE_LIMIT_MAX: '0',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const baseUrl = `http://127.0.0.1:${app.port}`;
  return {
    app,
    baseUrl,
    client: (options = {}) => createClient({ baseUrl, apiKey: ADMIN_KEY, ...options }),
    stop: async () => {
      app.proc.kill('SIGTERM');
      await app.exited;
    },
  };
}

/** Daily candles from closes (open = previous close), for tasks that only need a plausible series. */
export function candles(closes: number[]) {
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1];
    return {
      time: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
      open,
      high: Math.max(open, close) * 1.004,
      low: Math.min(open, close) * 0.996,
      close,
      volume: 1000 + 7 * i,
    };
  });
}

/** A deterministic wave on a drift, rounded to cents. */
export function wave(n: number, start = 100, drift = 0.004, amplitude = 0.01): number[] {
  const out: number[] = [];
  let p = start;
  for (let i = 0; i < n; i++) out.push((p = Math.round(p * (1 + amplitude * Math.sin(i / 4) + drift) * 100) / 100));
  return out;
}
