// What a generator family's implementation is given to build itself: the chemistry runtime, the ONNX engine,
// the model cards and the data files beside the models. The worker and `npm run eval` each make one (the
// browser fetches, Node reads files), so both run the same generator.
import type { RDKitModule } from '../domain/chem/rdkit';
import type { BaseSettings, Generator } from '../contract/generator';
import type { ModelCard } from '../contract/card';
import type { OnnxEngine } from './onnx';
import type { MoyoApi } from '../domain/crystal/moyo';

export interface FamilyContext {
  /** RDKit.js, for the molecule families (a crystal thread need not load it). */
  rdkit?: RDKitModule;
  engine: OnnxEngine;
  card(id: string): Promise<ModelCard>;
  /** A data file beside the models, parsed by `parse` (the caller may cache the result per file). */
  data<T>(file: string, what: string, parse: (bytes: Uint8Array) => T): Promise<T>;
  /** Space groups (moyo), where the thread has loaded it; crystals get no space group without it. */
  symmetry?: () => Promise<MoyoApi>;
}

/** Builds a family's generator for the models a run with these settings uses. */
export type FamilyFactory = (ctx: FamilyContext, settings: BaseSettings, generatorId: string) => Promise<Generator>;
