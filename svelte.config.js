// Svelte's defaults; the file exists so tools don't guess.
export default {};
