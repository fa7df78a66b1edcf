// Objectives turn a candidate's properties into one point of the space that sort.ts and hypervolume.ts work
// in. Everything downstream minimises, so that dominance, ranks and hypervolume have one convention only.

export type Sense = 'max' | 'min' | 'target';

export interface Objective {
  /** Property name, e.g. "qed" or "logP". */
  key: string;
  sense: Sense;
  /** Required when sense is 'target': the distance to it is minimised. */
  target?: number;
}

/** The minimised form of one value: max → −v, min → v, target → |v − target|. */
export function toMinimise(value: number, objective: Objective): number {
  switch (objective.sense) {
    case 'max':
      return -value;
    case 'min':
      return value;
    case 'target': {
      const t = objective.target;
      // A missing target is a configuration error, not missing data: fail loudly instead of returning null.
      if (t === undefined || !Number.isFinite(t)) throw new Error(`objective "${objective.key}" has sense 'target' but no finite target`);
      return Math.abs(value - t);
    }
  }
}

/**
 * The candidate as a point to minimise, one coordinate per objective in order; null when any property is
 * missing or not finite (such a candidate cannot be compared, so it takes no part in ranking).
 */
export function objectiveValues(props: Readonly<Record<string, number | null | undefined>>, objectives: readonly Objective[]): number[] | null {
  const out: number[] = new Array(objectives.length);
  for (let j = 0; j < objectives.length; j++) {
    const v = props[objectives[j].key];
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    out[j] = toMinimise(v, objectives[j]);
  }
  return out;
}
