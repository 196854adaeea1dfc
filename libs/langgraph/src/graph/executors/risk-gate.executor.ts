import { Injectable } from '@nestjs/common';
import { interrupt } from '@langchain/langgraph';
import { BaseConfig, Clock, type LanggraphSettings } from '@app/infrastructure';
import type { RiskApproval, RiskApprovalRequest } from '../../risk/risk-approval.types';
import { DESK_PATTERN, RiskLimitService } from '../../risk/risk-limit.service';
import { evaluateLimits, largestMove, parseExposure } from '../../risk/risk-limits';
import type { Breach } from '../../risk/risk.types';
import type { ApprovalDecision } from '../../runs/run.types';
import { ApprovalKey, RiskApprovalRepository } from '../../persistence/risk-approval.repository';
import { NodeFailure } from '../node-failure';
import type { NodeContext } from '../node-runtime';

/** What a risk gate node asks for, its templates resolved against the run state. */
export interface RiskGateRequest {
  desk: unknown;
  exposure: unknown;
  onBreach: 'fail' | 'interrupt';
  approval?: { expiresAfterMs?: number; priceBand?: number };
}

/** A gate's output when the run may go on. */
export interface RiskGateOutcome {
  passed: true;
  desk: string | null;
  limitsChecked: number;
  breaches: Breach[];
  approval: { by: string | null; comment: string | null; requestedAt: string; decidedAt: string } | null;
}

const percent = (n: number) => `${Math.round(n * 10_000) / 100}%`;

/**
 * The `risk_gate` node: checks the exposure its node computes against the tenant's limits and its
 * desk's. Within every limit, the run goes on. A breach fails the run (RISK_LIMIT_BREACHED, naming
 * each limit) or, as the node says, interrupts it for a human. The request is stored (time,
 * breaches, reference prices), so a resumed gate judges it as asked: rejected → the breach
 * stands; past its time or with a price moved beyond the band → APPROVAL_EXPIRED; else it passes.
 */
@Injectable()
export class RiskGateExecutor {
  private readonly settings: LanggraphSettings;

  constructor(
    private readonly limits: RiskLimitService,
    private readonly approvals: RiskApprovalRepository,
    private readonly clock: Clock,
    config: BaseConfig,
  ) {
    this.settings = config.values.aiComponents.langgraph;
  }

  async evaluate(ctx: NodeContext, request: RiskGateRequest): Promise<RiskGateOutcome> {
    const desk = request.desk === undefined || request.desk === null ? null : request.desk;
    if (desk !== null && (typeof desk !== 'string' || !DESK_PATTERN.test(desk))) {
      const message = `risk gate desk must be a desk id, not ${JSON.stringify(desk)}`;
      throw new NodeFailure('VALIDATION_FAILED', message, false);
    }
    const { exposure, problems } = parseExposure(request.exposure);
    if (problems.length) throw new NodeFailure('VALIDATION_FAILED', `risk gate ${problems.join('; ')}`, false);
    const limits = await this.limits.applicable(ctx.run.tenant, desk);
    const breaches = evaluateLimits(limits, exposure);
    const key: ApprovalKey = { runId: ctx.run.runId, nodeKey: ctx.key, visit: ctx.visit };
    // A request already asked for (a resumed or re-executed gate) is judged as it was asked.
    const asked = await this.approvals.find(key);
    if (!asked && !breaches.length) {
      return { passed: true, desk, limitsChecked: limits.length, breaches, approval: null };
    }
    if (!asked && request.onBreach === 'fail') throw breachFailure(breaches, desk);
    const now = this.clock.now();
    const ttlMs = request.approval?.expiresAfterMs ?? this.settings.riskApprovalTtlMs;
    const approval =
      asked ??
      (await this.approvals.insertOrGet({
        ...key,
        tenant: ctx.run.tenant,
        desk,
        breaches,
        prices: exposure.prices ?? {},
        priceBand: request.approval?.priceBand ?? this.settings.riskPriceBand,
        status: 'pending',
        requestedAt: now,
        expiresAt: new Date(now.getTime() + ttlMs),
        decidedBy: null,
        decidedAt: null,
        reason: null,
      }));
    if (approval.status === 'expired') throw expiredFailure(approval.reason ?? 'the approval expired');
    if (approval.status === 'rejected') throw breachFailure(approval.breaches, desk, approval.decidedBy);
    const decision = interrupt<RiskApprovalRequest, ApprovalDecision>(requestOf(approval));
    if (approval.status === 'approved') return outcomeOf(approval, limits.length, decision);
    return this.judge(key, approval, decision, limits.length);
  }

  private async judge(key: ApprovalKey, approval: RiskApproval, decision: ApprovalDecision, limitsChecked: number) {
    const now = this.clock.now();
    const by = decision.by ?? null;
    if (!decision.approved) {
      await this.approvals.decide(key, 'rejected', by, now, decision.comment ?? null);
      throw breachFailure(approval.breaches, approval.desk, by);
    }
    const lapsed = lapseOf(approval, decision, now);
    if (lapsed) {
      await this.approvals.decide(key, 'expired', by, now, lapsed);
      throw expiredFailure(lapsed);
    }
    await this.approvals.decide(key, 'approved', by, now, decision.comment ?? null);
    return outcomeOf({ ...approval, decidedBy: by, decidedAt: now }, limitsChecked, decision);
  }
}

/** Why an approval can no longer be given: its time ran out, or a price moved beyond the band. */
export function lapseOf(approval: RiskApproval, decision: ApprovalDecision, now: Date): string | null {
  if (now.getTime() > approval.expiresAt.getTime()) {
    const [asked, until] = [approval.requestedAt.toISOString(), approval.expiresAt.toISOString()];
    return `the approval requested at ${asked} expired at ${until}`;
  }
  if (approval.priceBand <= 0) return null;
  const band = percent(approval.priceBand);
  const current = decision.prices ?? {};
  const missing = Object.keys(approval.prices).filter((symbol) => current[symbol] === undefined);
  if (missing.length) return `no current price for ${missing.join(', ')} to check the ${band} band against`;
  const move = largestMove(approval.prices, current);
  if (move && move.move > approval.priceBand) {
    const path = `${move.from} → ${move.to}`;
    return `${move.symbol} moved ${percent(move.move)} since the request (${path}), beyond the ${band} band`;
  }
  return null;
}

function requestOf(approval: RiskApproval): RiskApprovalRequest {
  const limits = approval.breaches.map((b) => b.message).join('; ');
  return {
    kind: 'risk_approval',
    question: `Approve despite ${approval.breaches.length} risk limit breach(es): ${limits}?`,
    desk: approval.desk,
    breaches: approval.breaches,
    prices: approval.prices,
    priceBand: approval.priceBand,
    requestedAt: approval.requestedAt.toISOString(),
    expiresAt: approval.expiresAt.toISOString(),
    options: ['approve', 'reject'],
  };
}

function outcomeOf(approval: RiskApproval, limitsChecked: number, decision: ApprovalDecision): RiskGateOutcome {
  return {
    passed: true,
    desk: approval.desk,
    limitsChecked,
    breaches: approval.breaches,
    approval: {
      by: approval.decidedBy,
      comment: decision.comment ?? null,
      requestedAt: approval.requestedAt.toISOString(),
      decidedAt: (approval.decidedAt ?? new Date()).toISOString(),
    },
  };
}

function breachFailure(breaches: Breach[], desk: string | null, rejectedBy?: string | null): NodeFailure {
  const rejected = rejectedBy === undefined ? '' : `; approval rejected${rejectedBy ? ` by ${rejectedBy}` : ''}`;
  const message = `Risk limit breached: ${breaches.map((b) => b.message).join('; ')}${rejected}`;
  return new NodeFailure('RISK_LIMIT_BREACHED', message, false, { desk, breaches });
}

function expiredFailure(reason: string): NodeFailure {
  return new NodeFailure('APPROVAL_EXPIRED', `Risk approval lapsed: ${reason}`, false);
}
