/** A ❌/✅ example of a doc: the marker line, then the next fenced block. */
export interface Example {
  readonly expect: 'report' | 'clean';
  readonly lang: string;
  readonly filename: string;
  readonly code: string;
  /** 1-based line of the opening fence */
  readonly line: number;
}

const DEFAULT_FILENAME: Record<string, string> = {
  ts: 'src/example.ts',
  tsx: 'src/example.tsx',
  js: 'src/example.js',
  json: 'package.json',
};

/** ❌/✅ examples: a marker line, then the next fenced block; `filename=...` in the fence's info string sets the path. */
export function extractExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split('\n');
  let pending: Example['expect'] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('❌')) pending = 'report';
    else if (line.startsWith('✅')) pending = 'clean';
    const fence = /^```(\w+)(.*)$/.exec(line);
    if (!fence) continue;
    const end = lines.indexOf('```', i + 1);
    if (pending && end > i) {
      const lang = fence[1];
      const filename = /filename=(\S+)/.exec(fence[2])?.[1] ?? DEFAULT_FILENAME[lang] ?? `src/example.${lang}`;
      examples.push({ expect: pending, lang, filename, code: lines.slice(i + 1, end).join('\n'), line: i + 1 });
    }
    pending = undefined;
    if (end > i) i = end;
  }
  return examples;
}
