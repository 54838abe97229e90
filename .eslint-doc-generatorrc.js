/** @type {import('eslint-doc-generator').GenerateOptions} */
module.exports = {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
    ['neon', '🐘'],
  ],
  ignoreConfig: ['legacy-recommended', 'legacy-strict', 'legacy-neon'],
  ruleDocSectionInclude: ['Examples', 'When not to use it'],
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'fixable', 'options'],
  urlConfigs: 'https://github.com/eslint-plugin-neon/eslint-plugin-neon#install',
};
