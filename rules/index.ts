// One entry per file in this folder, in alphabetical order; test/plugin.test.ts checks it against the folder.
export const rules = {};
