import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { smactValid } from '../../../../src/domain/crystal/smact';
import { OXIDATION_STATES, PAULING } from '../../../../src/domain/crystal/smact-data';
import { DATA, fixture } from './fixture';

const species = (c: Record<string, number>) => Object.entries(c).flatMap(([e, n]) => Array<string>(n).fill(e));

describe('SMACT14 validity', () => {
  it('agrees with the fixture script’s independent Python implementation', () => {
    const wrong = fixture.smact.filter(([c, v]) => smactValid(species(c)) !== v).map(([c]) => JSON.stringify(c));
    expect(wrong).toEqual([]);
    // Both verdicts occur, so the test can tell the two apart.
    expect(new Set(fixture.smact.map(([, v]) => v)).size).toBe(2);
  });

  it('classic cases', () => {
    expect(smactValid(['Na', 'Cl'])).toBe(true);
    expect(smactValid(['Sr', 'Ti', 'O', 'O', 'O'])).toBe(true);
    expect(smactValid(['Na', 'Cl', 'Cl'])).toBe(false);
    expect(smactValid(Array(24).fill('C'))).toBe(true); // one element
    expect(smactValid(['Cu', 'Cu', 'Cu', 'Au'])).toBe(true); // all metals
    expect(smactValid(['He', 'O'])).toBe(false); // He has no oxidation states
    // The gcd is taken first: Sr2Ti2O6 is SrTiO3.
    expect(smactValid(['Sr', 'Sr', 'Ti', 'Ti', 'O', 'O', 'O', 'O', 'O', 'O'])).toBe(true);
  });

  it.runIf(existsSync(`${DATA}/smact14`))('the embedded tables equal ../shared/data/smact14', () => {
    const ox = readFileSync(`${DATA}/smact14/oxidation_states.txt`, 'utf8');
    for (const line of ox.split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const [el, ...states] = line.trim().split(/\s+/);
      expect(OXIDATION_STATES[el], el).toEqual(states.map(Number));
    }
    const data = readFileSync(`${DATA}/smact14/element_data.txt`, 'utf8');
    for (const line of data.split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const p = line.trim().split(/\s+/);
      expect(PAULING[p[0]], p[0]).toBe(p[9] === 'None' ? null : Number(p[9]));
    }
  });
});
