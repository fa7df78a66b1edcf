// The rules of the house (../shared/docs/architecture.md) as a check: dependencies point one way.
//   domain   the science, pure: imports nothing else of the project
//   contract types and pure functions every layer shares (domains, settings, model cards, the worker boundary)
//   domains  the plug-ins' declarations (properties, formats, settings contracts): contract and domain only
//   inference, workers: the compute; never the page's layers
//   bridge   the page's side of the workers: types from inference/workers only, never their code
//   state, ui: reach compute only through bridge and the contracts
// `npm run check:layers` (part of `npm test`) fails on any violation.
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: 'domain-is-pure', severity: 'error', comment: 'src/domain imports nothing else of the project', from: { path: layer('domain') }, to: { path: '^(src/(?!domain/)|workers/)' } },
    { name: 'contract-is-pure', severity: 'error', comment: 'src/contract may import src/domain only', from: { path: layer('contract') }, to: { path: '^(src/(?!contract/|domain/)|workers/)' } },
    { name: 'domains-declare-only', severity: 'error', comment: 'a domain declaration imports contracts and the science, never an implementation', from: { path: layer('domains') }, to: { path: '^(src/(inference|bridge|state|ui)/|workers/)' } },
    { name: 'inference-not-upward', severity: 'error', comment: 'inference never imports the page or the workers', from: { path: layer('inference') }, to: { path: '^(src/(bridge|state|ui)/|src/App|workers/)' } },
    { name: 'workers-not-upward', severity: 'error', comment: 'workers import inference, domains, contract and domain only', from: { path: '^workers/' }, to: { path: '^src/(bridge|state|ui)/|^src/App' } },
    { name: 'bridge-types-only', severity: 'error', comment: 'the bridge names worker and inference types, never their code', from: { path: layer('bridge') }, to: { path: '^(src/inference/|workers/)', dependencyTypesNot: ['type-only'] } },
    { name: 'bridge-not-upward', severity: 'error', from: { path: layer('bridge') }, to: { path: '^src/(state|ui)/|^src/App' } },
    { name: 'state-not-compute', severity: 'error', comment: 'state reaches compute through the bridge and the contracts', from: { path: layer('state') }, to: { path: '^(src/inference/|workers/|src/ui/)' } },
    { name: 'ui-not-compute', severity: 'error', comment: 'the UI reaches compute through state, the bridge and the contracts', from: { path: '^src/(ui/|App\\.svelte|main\\.ts)' }, to: { path: '^(src/inference/|workers/)' } },
    { name: 'no-circular', severity: 'error', comment: 'modules that import each other are one module in two files', from: { path: '^(src|workers)/' }, to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } } },
    // Only the project's own files: a layer rule cannot hold for a file it cannot find (packages are npm's to resolve).
    { name: 'not-to-unresolvable', severity: 'error', from: { path: '^(src|workers)/' }, to: { couldNotResolve: true, path: '^\\.', pathNot: '\\?(url|raw|worker)$' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.svelte', '.json'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: 'node_modules' },
  },
};
