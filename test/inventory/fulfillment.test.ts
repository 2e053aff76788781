import { describe, expect, it } from 'vitest';
import { rankLocationsForDelivery } from '../../src/inventory/index.js';

// Three stores and a warehouse on Java: positions are the cities' centres.
const map = [
  { id: 'l1', code: 'WH-CKG', kind: 'warehouse' as const, city: 'Jakarta Timur', latitude: -6.225, longitude: 106.9 },
  { id: 'l2', code: 'ST-BDG', kind: 'store' as const, city: 'Bandung', latitude: -6.917, longitude: 107.619 },
  { id: 'l3', code: 'ST-SMG', kind: 'store' as const, city: 'Semarang', latitude: -6.967, longitude: 110.417 },
  { id: 'l4', code: 'ST-SBY', kind: 'store' as const, city: 'Surabaya', latitude: -7.257, longitude: 112.752 },
];

function rank(sellable: number[], quantity: number, city: string | null): string[] {
  const candidates = map.map((location, index) => ({ ...location, sellable: sellable[index]! }));
  return rankLocationsForDelivery(candidates, { quantity, city }).map((location) => location.code);
}

describe('ship-from-store ranking', () => {
  it('prefers the customer city', () => {
    expect(rank([5, 5, 5, 5], 2, 'Surabaya')[0]).toBe('ST-SBY');
  });

  it('takes the nearest known city', () => {
    expect(rank([5, 5, 5, 5], 2, 'Malang')).toEqual(['ST-SBY', 'ST-SMG', 'ST-BDG', 'WH-CKG']);
    expect(rank([5, 5, 5, 5], 2, 'Kota Cimahi')[0]).toBe('ST-BDG');
  });

  it('puts whole stock before distance', () => {
    expect(rank([5, 5, 5, 1], 2, 'Surabaya')).toEqual(['ST-SMG', 'ST-BDG', 'WH-CKG', 'ST-SBY']);
  });

  it('falls back to the warehouse', () => {
    expect(rank([5, 5, 5, 5], 2, null)[0]).toBe('WH-CKG');
    expect(rank([5, 5, 5, 5], 2, 'Sorong')[0]).toBe('WH-CKG');
  });

  it('leaves out empty locations', () => {
    expect(rank([0, 0, 3, 0], 2, 'Bandung')).toEqual(['ST-SMG']);
  });

  it('records the reason', () => {
    const [first] = rankLocationsForDelivery(map.map((location) => ({ ...location, sellable: 4 })), { quantity: 2, city: 'Bandung' });
    expect(first!.reason).toBe('ship-from-store: ST-BDG has all 2, 0 km from Bandung, store');
  });
});
