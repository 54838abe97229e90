// The codemod floor: a jscodeshift transform that parses the file and changes
// nothing (returning undefined tells jscodeshift the file is unchanged).
'use strict';

module.exports = function noopTransform(file, api) {
  api.jscodeshift(file.source);
  return undefined;
};
