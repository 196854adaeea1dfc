import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Principal } from '@app/infrastructure';
import { PlatformRunService, RunStream, type Run } from '@app/langgraph';
import { lastEventIdOf } from '../http/sse';
import type { JoinStreamQueryDto, RunCreateDto } from './dto/run.dto';
import { LANGGRAPH_PATH } from './langgraph.presenter';
import { PlatformRunWebhooks } from './platform-run-webhooks';
import { toRunRequest } from './run-request';
import { disconnectSignal, pipeRunStream, truthy } from './run-sse';

/**
 * What the thread and stateless run routes do alike: create a run (a null thread id makes it
 * stateless, on a temporary thread), then answer it, stream it or wait for it; join a run's stream.
 */
@Injectable()
export class PlatformRunRoutes {
  constructor(
    private readonly runs: PlatformRunService,
    private readonly stream: RunStream,
    private readonly runWebhooks: PlatformRunWebhooks,
  ) {}

  /** Creates the run with its webhook; Content-Location is its URL, under its thread unless stateless. */
  async create(principal: Principal, threadId: string | null, body: RunCreateDto, res: Response): Promise<Run> {
    const run = await this.runWebhooks.start(principal, body.webhook, () =>
      this.runs.create({ tenant: principal.tenant, principalId: principal.id }, threadId, toRunRequest(body)),
    );
    const path = threadId === null ? `runs/${run.id}` : `threads/${run.threadId}/runs/${run.id}`;
    res.setHeader('Content-Location', `${LANGGRAPH_PATH}/${path}`);
    return run;
  }

  /** Creates the run and streams it until it settles (on_disconnect=cancel cancels it when the client goes). */
  async createStream(
    principal: Principal,
    threadId: string | null,
    body: RunCreateDto,
    req: Request,
    res: Response,
  ): Promise<void> {
    const run = await this.create(principal, threadId, body, res);
    await pipeRunStream(this.runs, this.stream, run, req, res, { cancelOnDisconnect: body.on_disconnect === 'cancel' });
  }

  /** Creates the run and answers its result once it settles. */
  async createWait(principal: Principal, threadId: string | null, body: RunCreateDto, req: Request, res: Response) {
    const run = await this.create(principal, threadId, body, res);
    const settled = await this.runs.settled(principal.tenant, run, disconnectSignal(req, res));
    return this.runs.result(principal.tenant, settled);
  }

  /** Streams a run created before: what it streamed after Last-Event-ID, then live until it settles. */
  async joinStream(
    principal: Principal,
    threadId: string | null,
    runId: string,
    query: JoinStreamQueryDto,
    req: Request,
    res: Response,
  ): Promise<void> {
    const run = await this.runs.get(principal.tenant, threadId, runId);
    await pipeRunStream(this.runs, this.stream, run, req, res, {
      lastEventId: lastEventIdOf(req),
      modes: query.stream_mode,
      cancelOnDisconnect: truthy(query.cancel_on_disconnect),
    });
  }
}
