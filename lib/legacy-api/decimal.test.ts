import { describe, expect, it } from 'vitest';
import { sumDecimals, trimDecimal } from './decimal';

describe('sumDecimals', () => {
  it('adds legacy amount strings exactly, where floating point would not', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['1000.5', '99.99', '250'])).toBe('1350.49');
    expect(sumDecimals(['95170.00004', '-170.00004'])).toBe('95000');
  });

  it('ignores what is not a decimal and sums nothing to 0', () => {
    expect(sumDecimals(['12', null, undefined, 'n/a', '1e3'])).toBe('12');
    expect(sumDecimals([])).toBe('0');
  });
});

describe('trimDecimal', () => {
  it('drops the trailing zeros PostgreSQL numeric sums carry', () => {
    expect(trimDecimal('95170.0000')).toBe('95170');
    expect(trimDecimal('12.50')).toBe('12.5');
    expect(trimDecimal('300')).toBe('300');
    expect(trimDecimal(null)).toBe('0');
  });
});
