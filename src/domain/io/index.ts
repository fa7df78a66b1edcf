// Import and export formats: CSV, SDF, SMILES lists and run files. Pure: nothing here touches the DOM or workers.
export * from './csv';
export * from './csv-molecules';
export * from './file-text';
export * from './sdf';
export * from './smiles-list';
export * from './run-file';
