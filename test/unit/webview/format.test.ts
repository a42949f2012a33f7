import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatAlike, formatCount, formatNumber, formatPercent, numberFormatter } from '../../../webview/format';

describe('the panel\'s number format', () => {
  test('gives a number alone four significant digits', () => {
    assert.equal(formatNumber(72.7551), '72.76');
    assert.equal(formatNumber(133.5), '133.5');
    assert.equal(formatNumber(-5168.3), '-5168');
    assert.equal(formatNumber(0.123456), '0.1235');
    assert.equal(formatNumber(0), '0');
  });

  test('writes huge and tiny scales with an exponent, without a plus sign', () => {
    assert.equal(formatNumber(1.23456e12), '1.235e12');
    assert.equal(formatNumber(-3.2e-7), '-3.200e-7');
  });

  test('never shows NaN or Infinity', () => {
    assert.equal(formatNumber(NaN), '—');
    assert.equal(formatNumber(Infinity), '—');
    assert.equal(formatPercent(NaN), '—');
  });

  test('gives numbers that stand together the decimals of the largest ("BIC 133.5 · AIC 72.8")', () => {
    assert.deepEqual(formatAlike([-61.37755, 133.5012, 72.7551]), ['-61.4', '133.5', '72.8']);
    assert.deepEqual(formatAlike([10592.4, 10423.1, -5168.2]), ['10592', '10423', '-5168']);
  });

  test('shows a mean that is zero at the column\'s scale as 0, not 5.551e-17 nor -0', () => {
    const format = numberFormatter([2.31, -1.2, 5.551e-17, 1]);
    assert.equal(format(5.551e-17), '0.000');
    assert.equal(format(-5.551e-17), '0.000');
    assert.equal(format(2.31), '2.310');
    assert.equal(numberFormatter([4201.5, 3050])(3733.25), '3733');
  });

  test('counts in the right number: 1 row, 2 rows', () => {
    assert.equal(formatCount(1, 'row'), '1 row');
    assert.equal(formatCount(2, 'row'), '2 rows');
    assert.equal(formatCount(0, 'cluster'), '0 clusters');
    assert.equal(formatCount(1, 'malformed row'), '1 malformed row');
    assert.equal(formatCount(3, 'child', 'children'), '3 children');
  });
});
