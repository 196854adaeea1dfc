import type { FieldProblem } from '@app/infrastructure';
import { checkTemplate, isExpression } from './expressions';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const DESK = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The fields of a `risk_gate` node, each problem naming its place (`nodes[3].onBreach`). */
export function checkRiskGate(n: Obj, at: string): FieldProblem[] {
  const p: FieldProblem[] = [];
  if (n.onBreach !== 'fail' && n.onBreach !== 'interrupt') {
    const message = 'must be fail (the run fails naming the limit) or interrupt (asks for approval)';
    p.push({ field: `${at}.onBreach`, message });
  }
  if (n.exposure === undefined) p.push({ field: `${at}.exposure`, message: 'is required' });
  else p.push(...checkTemplate(n.exposure, `${at}.exposure`));
  if (n.desk !== undefined) {
    if (isExpression(n.desk)) p.push(...checkTemplate(n.desk, `${at}.desk`));
    else if (typeof n.desk !== 'string' || !DESK.test(n.desk)) {
      p.push({ field: `${at}.desk`, message: 'must be a desk id (1-64 letters, digits, _ . : -) or an expression' });
    }
  }
  if (n.approval !== undefined) {
    if (n.onBreach !== 'interrupt') {
      p.push({ field: `${at}.approval`, message: 'applies only with onBreach: interrupt' });
    }
    if (!isObj(n.approval)) return [...p, { field: `${at}.approval`, message: 'must be an object' }];
    for (const key of Object.keys(n.approval)) {
      if (key === 'expiresAfterMs' || key === 'priceBand') continue;
      p.push({ field: `${at}.approval.${key}`, message: 'is not an allowed field' });
    }
    const { expiresAfterMs: ttl, priceBand: band } = n.approval;
    if (ttl !== undefined && !(Number.isInteger(ttl) && (ttl as number) >= 1000 && (ttl as number) <= WEEK_MS)) {
      p.push({ field: `${at}.approval.expiresAfterMs`, message: `must be an integer from 1000 to ${WEEK_MS}` });
    }
    if (band !== undefined && !(typeof band === 'number' && band >= 0 && band <= 1)) {
      p.push({ field: `${at}.approval.priceBand`, message: 'must be a fraction from 0 (no band) to 1' });
    }
  }
  return p;
}
