import { describe, expect, it } from 'vitest';
import { normalizeIdentity } from '../../src/cdp/index.js';

describe('phone normalisation', () => {
  const samePerson = [
    '0812-3456-7890', '+62 812 3456 7890', '6281234567890', '81234567890', '0812 3456 7890', '(0812) 3456-7890',
    '+62-812-3456-7890', '62 812 3456 7890', '0062 812 3456 7890', '+62 (812) 345 67 890', '0812.3456.7890',
  ];
  it.each(samePerson)('reads %s as +6281234567890', (raw) => {
    expect(normalizeIdentity('phone', raw)).toEqual({ ok: true, value: '+6281234567890' });
  });

  it.each([
    ['(022) 4231234', '+62224231234'],
    ['+1 415 555 2671', '+14155552671'],
    ['+65 9123 4567', '+6591234567'],
  ])('reads %s as %s', (raw, expected) => {
    expect(normalizeIdentity('phone', raw)).toEqual({ ok: true, value: expected });
  });

  it.each(['', 'null', 'undefined', '0', '-', '08111111111', '0812-0000-0000', '****7890', '0812-XXXX-7890', '12'])(
    'rejects %j', (raw) => {
      const result = normalizeIdentity('phone', raw);
      expect(result.ok).toBe(false);
    },
  );

  it('reads a WhatsApp id as its phone number', () => {
    expect(normalizeIdentity('whatsapp_id', '6281234567890')).toEqual({ ok: true, value: '+6281234567890' });
  });

  it('keeps a linked-device id whole', () => {
    expect(normalizeIdentity('whatsapp_lid', ' 123456789012345@LID ')).toEqual({ ok: true, value: '123456789012345@lid' });
    expect(normalizeIdentity('whatsapp_lid', '6281234567890@c.us').ok).toBe(false);
    expect(normalizeIdentity('whatsapp_lid', '@lid').ok).toBe(false);
  });
});

describe('email normalisation', () => {
  it.each([
    ['Budi.Santoso@Gmail.com', 'budisantoso@gmail.com'],
    ['budi.santoso+promo@gmail.com', 'budisantoso@gmail.com'],
    ['b.u.d.i.santoso@googlemail.com', 'budisantoso@gmail.com'],
    [' Siti@Yahoo.co.id ', 'siti@yahoo.co.id'],
    ['siti.rahma@yahoo.co.id', 'siti.rahma@yahoo.co.id'],
    ['dewi+toko@outlook.com', 'dewi+toko@outlook.com'],
    ['mailto:Andi@Toko.ID', 'andi@toko.id'],
    ['RINA.W@ugm.ac.id', 'rina.w@ugm.ac.id'],
  ])('normalises %s to %s', (raw, expected) => {
    expect(normalizeIdentity('email', raw)).toEqual({ ok: true, value: expected });
  });

  it.each(['test@test.com', 'TEST@test.com', 'd***i@gmail.com', 'null', 'budi@', '@gmail.com', 'budi gmail.com', 'aaaa@gmail.com', 'x@example.com'])(
    'rejects %j', (raw) => {
      expect(normalizeIdentity('email', raw).ok).toBe(false);
    },
  );
});

describe('other identifier normalisation', () => {
  it('keeps the marketplace apart from the buyer id', () => {
    expect(normalizeIdentity('marketplace_buyer_id', 'Shopee:88123')).toEqual({ ok: true, value: 'shopee:88123' });
  });

  it.each(['shopee:****1234', 'tokopedia:d***i', '88123', 'shopee:'])('rejects marketplace id %j', (raw) => {
    expect(normalizeIdentity('marketplace_buyer_id', raw).ok).toBe(false);
  });

  it('upper-cases POS member ids without separators', () => {
    expect(normalizeIdentity('pos_member_id', ' bdg-00123 ')).toEqual({ ok: true, value: 'BDG00123' });
  });

  it('folds full-width POS member ids', () => {
    expect(normalizeIdentity('pos_member_id', 'ＢＤＧ－００１２３')).toEqual({ ok: true, value: 'BDG00123' });
  });

  it.each(['17841400\u200b123', '\u202e17841400123', 'ig\u0007123'])('rejects opaque id %j', (raw) => {
    const result = normalizeIdentity('instagram_id', raw);
    expect(result.ok).toBe(false);
  });
});
