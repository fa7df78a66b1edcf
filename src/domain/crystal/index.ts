// The crystal domain's public surface. moyo.ts (wasm loading) is imported separately by the threads that need
// symmetry, so importing this index never pulls in moyo's glue code.
export type { Mat3, Vec3, LatticeParams } from './lattice';
export { latticeParams, latticeFromParams, volume, fracToCart, cartToFrac, reciprocal, lllReduce } from './lattice';
export { type Structure, makeStructure, MAX_SITES } from './structure';
export { atomicNumber, atomicMass, isElement, symbolOf } from './elements';
export { composition, reducedFormula, cellFormula, numElements, density } from './composition';
export { PeriodicDistances, siteDistance, distanceMatrix, minInteratomicDistance } from './distance';
export { readCif, readCifAll, readCifEach, writeCif, MAX_CIF_CHARS, type CifStructure } from './cif';
export { readPoscar, writePoscar, MAX_POSCAR_CHARS } from './poscar';
export { writeExtxyz, writeExtxyzAll } from './xyz';
export { smactValid } from './smact';
export { structuralValidity, isStructurallyValid, MIN_DISTANCE, MIN_VOLUME, type StructuralValidity } from './validity';
export { niggliReduce, niggliStructure } from './niggli';
export { primitiveStructure } from './primitive';
export {
  StructureMatcher,
  DEFAULT_TOLERANCES,
  CSP_TOLERANCES,
  prepare,
  type MatcherTolerances,
  type Prepared,
  type RmsResult,
} from './matcher';
export { analyzeSymmetry, compactSymbol, DEFAULT_SYMPREC, type SymmetryInfo } from './symmetry';
export type { MoyoApi } from './moyo';
