// Compute cost of a run in energy and CO2e. These are estimates with stated assumptions, not measurements:
// a browser cannot read the device's power draw, so the draw is a constant the user may change.

export const COST_DEFAULTS = {
  /** Watts: a laptop CPU package under sustained load (a typical 15 W TDP mobile part). */
  devicePowerW: 15,
  /** g CO2e per kWh: the IEA's world-average grid carbon intensity (~475 g/kWh). */
  gridGramsPerKWh: 475,
} as const;

export interface CostInput {
  /** Wall-clock seconds the run kept the device busy. */
  seconds: number;
  /** Floating-point operations, when the model card gives FLOPs per sample; passed through for display. */
  flops?: number;
  devicePowerW?: number;
  gridGramsPerKWh?: number;
}

export interface Cost {
  joules: number;
  kWh: number;
  gramsCO2e: number;
  flops: number | null;
}

/**
 * Assumes the device draws `devicePowerW` for the whole of `seconds` because of this run, and nothing when
 * idle: joules = W × s. It counts neither idle draw nor the screen, and overcounts when other work shares
 * the device.
 */
export function estimateCost(input: CostInput): Cost {
  const { seconds, flops } = input;
  const power = input.devicePowerW ?? COST_DEFAULTS.devicePowerW;
  const grid = input.gridGramsPerKWh ?? COST_DEFAULTS.gridGramsPerKWh;
  for (const [name, v] of [['seconds', seconds], ['devicePowerW', power], ['gridGramsPerKWh', grid], ['flops', flops ?? 0]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`estimateCost: ${name} must be a finite number ≥ 0, got ${v}`);
  }
  const joules = power * seconds;
  const kWh = joules / 3.6e6;
  return { joules, kWh, gramsCO2e: kWh * grid, flops: flops ?? null };
}

type Unit = readonly [factor: number, name: string, from: number];

/** `value` in the first unit whose threshold `from` it reaches (units run largest first), 3 significant digits. */
function withUnit(value: number, units: readonly Unit[]): string {
  if (!Number.isFinite(value)) return `${value}`;
  if (value === 0) return `0 ${units.find(([f]) => f === 1)![1]}`;
  const a = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  // rounded before choosing the unit so that 999.7 J reads "1 kJ", not "1000 J"; the last unit's `from` is 0
  const [factor, name] = units.find(([, , from]) => Number(a.toPrecision(3)) >= from) ?? units[units.length - 1];
  return `${sign}${Number((a / factor).toPrecision(3))} ${name}`;
}

const ENERGY_UNITS: readonly Unit[] = [[1e9, 'GJ', 1e9], [1e6, 'MJ', 1e6], [1e3, 'kJ', 1e3], [1, 'J', 1], [1e-3, 'mJ', 1e-3], [1e-6, 'µJ', 0]];
// Grams are kept down to 0.001 g (a reader takes in "0.008 g" as easily as "8 mg"); mg only below that.
const CO2_UNITS: readonly Unit[] = [[1e6, 't CO2e', 1e6], [1e3, 'kg CO2e', 1e3], [1, 'g CO2e', 1e-3], [1e-3, 'mg CO2e', 0]];

/** e.g. "58 J", "1.2 kJ", "350 mJ". */
export function formatEnergy(joules: number): string {
  return withUnit(joules, ENERGY_UNITS);
}

/** e.g. "0.008 g CO2e", "12 g CO2e", "1.5 kg CO2e", "0.4 mg CO2e". */
export function formatCO2(grams: number): string {
  return withUnit(grams, CO2_UNITS);
}
