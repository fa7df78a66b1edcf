import { describe, expect, it } from 'vitest';
import { COST_DEFAULTS, estimateCost, formatCO2, formatEnergy } from '../../../src/domain/energy/cost';

describe('estimateCost', () => {
  it('uses the stated defaults: 15 W and 475 g CO2e/kWh', () => {
    expect(COST_DEFAULTS).toEqual({ devicePowerW: 15, gridGramsPerKWh: 475 });
    const c = estimateCost({ seconds: 4, flops: 2e12 });
    // 15 W × 4 s = 60 J; 60 / 3.6e6 kWh = 1.667e-5 kWh; × 475 g/kWh = 0.007917 g
    expect(c.joules).toBe(60);
    expect(c.kWh).toBeCloseTo(60 / 3.6e6, 18);
    expect(c.gramsCO2e).toBeCloseTo(0.0079167, 7);
    expect(c.flops).toBe(2e12);
  });
  it('takes the device power and grid intensity when given', () => {
    const c = estimateCost({ seconds: 3600, devicePowerW: 100, gridGramsPerKWh: 50 });
    expect(c.kWh).toBeCloseTo(0.1, 12);
    expect(c.gramsCO2e).toBeCloseTo(5, 10);
    expect(c.flops).toBeNull();
  });
  it('refuses negative or non-finite inputs', () => {
    expect(() => estimateCost({ seconds: -1 })).toThrow(RangeError);
    expect(() => estimateCost({ seconds: NaN })).toThrow(/seconds/);
    expect(() => estimateCost({ seconds: 1, devicePowerW: Infinity })).toThrow(/devicePowerW/);
  });
});

describe('formatEnergy / formatCO2', () => {
  it('chooses a unit that keeps 1–3 digits before the point', () => {
    expect(formatEnergy(0)).toBe('0 J');
    expect(formatEnergy(58)).toBe('58 J');
    expect(formatEnergy(57.94)).toBe('57.9 J');
    expect(formatEnergy(0.35)).toBe('350 mJ');
    expect(formatEnergy(1234)).toBe('1.23 kJ');
    expect(formatEnergy(999.7)).toBe('1 kJ');
    expect(formatEnergy(2.5e6)).toBe('2.5 MJ');
    expect(formatEnergy(5e-7)).toBe('0.5 µJ');
  });
  it('keeps grams down to 0.001 g, then mg; kg and t above', () => {
    expect(formatCO2(0)).toBe('0 g CO2e');
    expect(formatCO2(0.008)).toBe('0.008 g CO2e');
    expect(formatCO2(0.0079167)).toBe('0.00792 g CO2e');
    expect(formatCO2(12)).toBe('12 g CO2e');
    expect(formatCO2(1500)).toBe('1.5 kg CO2e');
    expect(formatCO2(0.0004)).toBe('0.4 mg CO2e');
    expect(formatCO2(2.4e6)).toBe('2.4 t CO2e');
  });
});
