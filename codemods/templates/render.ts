import { ts } from '../lib/ts-morph';

/** How the project writes modules: the template is authored as TypeScript with ES module syntax. */
export interface ModuleStyle {
  readonly language: 'ts' | 'js';
  readonly moduleSystem: 'esm' | 'cjs';
}

const BLANK_LINE_MARKER = '//__neon_blank_line__';

/** Strips types but keeps comments and blank lines (the TypeScript printer drops blank lines). */
function stripTypes(source: string): string {
  const marked = source.replace(/^[ \t]*$/gm, BLANK_LINE_MARKER);
  const { outputText } = ts.transpileModule(marked, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
  });
  return (
    outputText
      .replace(new RegExp(`^[ \\t]*${BLANK_LINE_MARKER}$`, 'gm'), '')
      .replace(/\n{3,}/g, '\n\n')
      // The printer indents with four spaces; the templates (and most JS projects) use two.
      .replace(/^((?: {4})+)/gm, (indent: string) => ' '.repeat(indent.length / 2))
      // ...and puts `catch`, `finally` and `else` on a line of their own.
      .replace(/\}\n[ \t]*(catch|finally|else)\b/g, '} $1')
  );
}

/**
 * ES module syntax to CommonJS for our own templates, which keep to a small
 * subset: side-effect, named, default and namespace imports, and `export const|function|class`.
 */
function toCommonJs(source: string): string {
  const exported: string[] = [];
  const body = source
    .replace(/^import ('[^']+');$/gm, 'require($1);')
    .replace(/^import \* as (\w+) from ('[^']+');$/gm, 'const $1 = require($2);')
    .replace(/^import (\w+) from ('[^']+');$/gm, 'const $1 = require($2);')
    .replace(/^import \{([^}]+)\} from ('[^']+');$/gm, (_line, names: string, module: string) => {
      const bindings = names.replace(/\s+as\s+/g, ': ').trim();
      return `const { ${bindings} } = require(${module});`;
    })
    .replace(/^export (async function|function|const|let|class) (\w+)/gm, (_line, keyword: string, name: string) => {
      exported.push(name);
      return `${keyword} ${name}`;
    });
  if (/^\s*(import|export)\s/m.test(body)) throw new Error('template uses ES module syntax the CommonJS renderer does not handle');
  return `${body.trimEnd()}\n\nmodule.exports = { ${exported.join(', ')} };\n`;
}

/** Renders a TypeScript/ESM template for the project's language and module system. */
export function renderModule(template: string, style: ModuleStyle): string {
  const source = template.replace(/^\n+/, '');
  if (style.language === 'ts') return source;
  const js = stripTypes(source);
  return style.moduleSystem === 'cjs' ? toCommonJs(js) : js;
}
