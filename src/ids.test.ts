import { describe, expect, it } from 'vitest';
import { idAt, newId } from './ids.js';

describe('ids', () => {
  it('are unique and sort in the order they were made, across many milliseconds and within one', () => {
    const ids: string[] = [];
    const start = Date.now();
    // 2,000 ids over 40 ms, 50 in each: the random part comes from a pool refilled every 256 ids.
    for (let ms = 0; ms < 40; ms++) for (let i = 0; i < 50; i++) ids.push(newId('dlv', start + ms));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => /^dlv_[0-9a-hjkmnp-tv-z]{26}$/.test(id))).toBe(true);
  });

  it('made at a time sort at or above idAt of that time, and below idAt of the next millisecond', () => {
    const t = Date.now() + 1000;
    const id = newId('evt', t);
    expect(id >= idAt('evt', t)).toBe(true);
    expect(id < idAt('evt', t + 1)).toBe(true);
  });
});
