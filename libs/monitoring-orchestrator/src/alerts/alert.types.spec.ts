import type { Principal } from '@app/infrastructure';
import { covers, mutes, ownerFilter, ownerOf, type Silence } from './alert.types';

const caller = (role: Principal['role'], tenant: string) => ({ role, tenant });
const silence = (over: Partial<Silence>): Silence => ({
  id: 's',
  tenant: 'desk-a',
  ruleName: null,
  severity: null,
  startsAt: new Date('2030-01-01T09:00:00Z'),
  endsAt: new Date('2030-01-01T11:00:00Z'),
  comment: 'x',
  createdBy: null,
  createdAt: new Date('2030-01-01T08:00:00Z'),
  ...over,
});
const NOW = new Date('2030-01-01T10:00:00Z');

describe('alert ownership', () => {
  it('a tenant reads its own rows and, where asked, the system scope; never another tenant', () => {
    const rules = ownerFilter(caller('admin', 'desk-a'), true);
    expect([covers(rules, 'desk-a'), covers(rules, null), covers(rules, 'desk-b')]).toEqual([true, true, false]);
    const silences = ownerFilter(caller('admin', 'desk-a'), false);
    const seen = [covers(silences, 'desk-a'), covers(silences, null), covers(silences, 'desk-b')];
    expect(seen).toEqual([true, false, false]);
  });

  it('the system admin reads every owner', () => {
    const all = ownerFilter(caller('system', 'ops'), false);
    expect([covers(all, 'desk-a'), covers(all, null), covers(all, 'ops')]).toEqual([true, true, true]);
  });

  it('what a caller makes is its tenant’s; the system scope is the system admin’s alone', () => {
    expect(ownerOf(caller('operator', 'desk-a'), undefined, 'rules')).toBe('desk-a');
    expect(ownerOf(caller('system', 'ops'), 'tenant', 'rules')).toBe('ops');
    expect(ownerOf(caller('system', 'ops'), 'system', 'rules')).toBeNull();
    const refused = () => ownerOf(caller('admin', 'desk-a'), 'system', 'rules');
    expect(refused).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('a silence mutes rules of its own owner only, once started, by name and severity', () => {
    const rule = { tenant: 'desk-a', name: 'errors', severity: 'critical' as const };
    expect(mutes(silence({}), rule, NOW)).toBe(true);
    expect(mutes(silence({}), { ...rule, tenant: 'desk-b' }, NOW)).toBe(false);
    expect(mutes(silence({}), { ...rule, tenant: null }, NOW)).toBe(false);
    expect(mutes(silence({ tenant: null }), { ...rule, tenant: null }, NOW)).toBe(true);
    expect(mutes(silence({ tenant: null }), rule, NOW)).toBe(false);
    expect(mutes(silence({ startsAt: new Date('2030-01-01T10:30:00Z') }), rule, NOW)).toBe(false);
    expect(mutes(silence({ ruleName: 'other' }), rule, NOW)).toBe(false);
    expect(mutes(silence({ ruleName: 'errors', severity: 'critical' }), rule, NOW)).toBe(true);
    expect(mutes(silence({ severity: 'info' }), rule, NOW)).toBe(false);
  });
});
