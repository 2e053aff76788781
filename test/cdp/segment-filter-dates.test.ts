import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';

let runtime: TestRuntime;
let agent: string;
beforeAll(async () => {
  runtime = await createTestRuntime();
  agent = await runtime.tokenFor('agent');
});
afterAll(async () => { await runtime?.close(); });

describe('segment filter dates', () => {
  for (const field of ['last_purchase_after', 'last_purchase_before']) {
    it(`rejects year 0000 in ${field}`, async () => {
      const response = await runtime.request('/api/segments', {
        method: 'POST', token: agent, json: { name: `year zero ${field}`, filter: { [field]: '0000-01-01' } },
      });
      expect(response.status).toBe(400);
      const problem = await jsonOf(response);
      expect(problem.invalid_fields).toEqual([expect.objectContaining({ name: `filter.${field}` })]);

      const again = await runtime.request('/api/segments', {
        method: 'POST', token: agent, json: { name: `year zero ${field}`, filter: {} },
      });
      expect(again.status).toBe(201);
    });
  }

  it('lists profiles of a dated segment', async () => {
    const created = await runtime.request('/api/segments', {
      method: 'POST', token: agent, json: { name: 'since 1900', filter: { last_purchase_after: '1900-01-01', last_purchase_before: '9999-12-31' } },
    });
    expect(created.status).toBe(201);
    const { id } = await jsonOf(created);

    const members = await runtime.request(`/api/segments/${id}/profiles`, { token: agent });
    expect(members.status).toBe(200);
    expect(await jsonOf(members)).toEqual({ items: [], next_cursor: null });
  });
});
