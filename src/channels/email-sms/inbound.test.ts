import { describe, expect, it } from 'vitest';
import { normalizePhone, stripQuoted } from './inbound.js';

describe('stripQuoted', () => {
  it.each([
    ['Thanks!\r\n\r\nOn Mon, 3 Feb 2025 at 10:00, Support <s@example.com> wrote:\r\n> Hello', 'Thanks!'],
    ['Yes please\n> quoted line\nmore', 'Yes please'],
    ['Sure.\n\n-----Original Message-----\nFrom: x', 'Sure.'],
    ['Two lines\nof text', 'Two lines\nof text'],
    ['> only a quote', ''],
  ])('%j → %j', (input, expected) => {
    expect(stripQuoted(input)).toBe(expected);
  });
});

describe('normalizePhone', () => {
  it('removes the formatting people type', () => {
    expect(normalizePhone('+1 (555) 010-0199')).toBe('+15550100199');
    expect(normalizePhone('+44.20.7946.0958')).toBe('+442079460958');
  });
});
