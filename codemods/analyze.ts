import type { ProjectStack } from '../src/project/detect';
import { CHAIN, MANUAL, transformForRule } from './chain';
import { createNeonLinter, lintsPackageJson, type NeonLinter } from './lib/lint';
import { startLintPool, type LintJob } from './lib/lint-pool';
import { MIGRATION_FILE_TRIGGERS, RULE_TRIGGERS } from './lib/prefilter';
import { newTransformReport, type Finding, type TransformReport } from './lib/report';
import { scanFilesInBackground } from './lib/scan';
import { relativePath, type RunContext, type TransformMeta } from './lib/transform';

/**
 * `analyze`: the detected stack, every finding of every plugin rule grouped by
 * rule and file, and the plan of which transform would change what. Read-only.
 */

export const meta: TransformMeta = {
  name: 'analyze',
  description: 'report the stack, every finding of the plugin rules and the plan of which transform fixes what; changes nothing',
  triggers: RULE_TRIGGERS,
  answers: [],
};

export const readOnly = true;

// The plan lists the transforms in the order `all` runs them, the rules fixed by hand last.
const PLAN_ORDER = [...CHAIN, MANUAL];

export interface RuleFindings {
  readonly ruleId: string;
  readonly transform: string;
  readonly count: number;
  readonly files: readonly { readonly file: string; readonly findings: readonly Pick<Finding, 'line' | 'column' | 'message'>[] }[];
}

export interface PlanStep {
  readonly transform: string;
  readonly rules: readonly string[];
  readonly files: readonly string[];
  readonly findings: number;
}

/** Findings grouped by rule (alphabetical), then by file (in walk order). */
export function groupByRule(findings: readonly Finding[]): RuleFindings[] {
  const byRule = new Map<string, Map<string, Finding[]>>();
  for (const finding of findings) {
    const ruleId = finding.ruleId ?? 'neon';
    const files = byRule.get(ruleId) ?? new Map<string, Finding[]>();
    byRule.set(ruleId, files);
    files.set(finding.file, [...(files.get(finding.file) ?? []), finding]);
  }
  return [...byRule.keys()].sort().map((ruleId) => {
    const files = byRule.get(ruleId)!;
    return {
      ruleId,
      transform: transformForRule(ruleId),
      count: [...files.values()].reduce((sum, list) => sum + list.length, 0),
      files: [...files].map(([file, list]) => ({
        file,
        findings: list.map(({ line, column, message }) => ({ line, column, message })),
      })),
    };
  });
}

export function buildPlan(rules: readonly RuleFindings[]): PlanStep[] {
  return PLAN_ORDER.flatMap((transform) => {
    const answered = rules.filter((rule) => rule.transform === transform);
    if (answered.length === 0) return [];
    return [
      {
        transform,
        rules: answered.map((rule) => rule.ruleId),
        files: [...new Set(answered.flatMap((rule) => rule.files.map((entry) => entry.file)))].sort(),
        findings: answered.reduce((sum, rule) => sum + rule.count, 0),
      },
    ];
  });
}

function list(values: readonly string[]): string {
  return values.length > 0 ? values.join(', ') : 'none';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function renderStack(stack: ProjectStack): string[] {
  const imports = stack.importStyle === 'esm' ? 'import' : 'require';
  return [
    `Stack of ${stack.root}`,
    `  language       ${stack.language} (${stack.moduleSystem}, new code uses ${imports}${stack.importExtensions ? ' with .js extensions' : ''})`,
    `  drivers        ${list(stack.drivers)}`,
    `  ORM            ${list(stack.orms)}`,
    `  migrations     ${list(stack.migrationTools)}`,
    `  platforms      ${list(stack.platforms)}`,
    `  package.json   ${list(stack.packageJsons)}`,
  ];
}

function renderFindings(rules: readonly RuleFindings[], total: number): string[] {
  if (total === 0) return ['', 'Findings: none'];
  const fileCount = new Set(rules.flatMap((rule) => rule.files.map((entry) => entry.file))).size;
  const lines = ['', `Findings: ${plural(total, 'finding')} in ${plural(fileCount, 'file')}`];
  for (const rule of rules) {
    lines.push('', `${rule.ruleId} (${rule.count}) → ${rule.transform}`);
    for (const entry of rule.files) {
      lines.push(`  ${entry.file}`);
      for (const finding of entry.findings) lines.push(`    ${finding.line}:${finding.column}  ${finding.message}`);
    }
  }
  return lines;
}

function renderPlan(plan: readonly PlanStep[]): string[] {
  if (plan.length === 0) return ['', 'Plan: nothing to change.'];
  const width = Math.max(...plan.map((step) => step.transform.length));
  const lines = ['', 'Plan (neon-codemod <transform> to apply; "manual" needs a human):'];
  for (const step of plan) {
    lines.push(
      `  ${step.transform.padEnd(width)}  ${plural(step.findings, 'finding')} in ${plural(step.files.length, 'file')}  (${step.rules.join(', ')})`,
    );
  }
  return lines;
}

async function analyzeFiles(context: RunContext, report: TransformReport): Promise<void> {
  const { root, options, reporter } = context;
  const linterOptions = { cwd: root, ...(options.dbModule ? { settings: { dbModule: [options.dbModule] } } : {}) };
  // Workers (opt-in) load ESLint, and a worker reads and pre-filters the files, while this thread loads ESLint.
  const pool = startLintPool(linterOptions);
  try {
    const scan = scanFilesInBackground({
      root,
      files: context.files,
      ...(linterOptions.settings ? { settings: linterOptions.settings } : {}),
      triggers: meta.triggers,
      // Migrations hold DDL by design: most of them need not be parsed at all.
      migrationTriggers: MIGRATION_FILE_TRIGGERS,
      packageJson: lintsPackageJson(),
    });
    let linter: NeonLinter;
    try {
      linter = createNeonLinter(linterOptions);
    } catch (error) {
      scan.stop();
      throw error;
    }
    const { scanned, kept } = await scan.result;
    report.scanned += scanned;
    const progress = reporter.progress(context.files.length);
    progress.tick(context.files.length - kept.length);
    // Per kept file in walk order: why it could not be read, or which job lints it.
    const outcomes: ({ readonly relative: string; readonly unreadable: string } | { readonly relative: string; readonly job: number })[] = [];
    const jobs: LintJob[] = [];
    for (const entry of kept) {
      const relative = relativePath(root, entry.file);
      if ('unreadable' in entry) {
        outcomes.push({ relative, unreadable: entry.unreadable });
        progress.tick();
        continue;
      }
      report.parsed++;
      outcomes.push({ relative, job: jobs.length });
      jobs.push({ text: entry.text, filename: entry.file });
    }
    const lintHere = (job: LintJob) => {
      progress.tick();
      return linter.lint(job.text, job.filename);
    };
    const results = pool ? await pool.lintAll(jobs, linter, () => progress.tick()) : jobs.map(lintHere);
    progress.stop();
    for (const outcome of outcomes) {
      if ('unreadable' in outcome) {
        report.failed.push({ file: outcome.relative, reason: outcome.unreadable });
        continue;
      }
      const result = results[outcome.job]!;
      if (result.fatal) {
        report.failed.push({ file: outcome.relative, reason: `does not parse (${result.fatal.line}:${result.fatal.column}): ${result.fatal.message}` });
        continue;
      }
      for (const message of result.messages) {
        report.findings.push({ file: outcome.relative, line: message.line, column: message.column, message: message.message, ruleId: message.ruleId });
      }
    }
  } finally {
    await pool?.close();
  }
}

export async function run(context: RunContext): Promise<TransformReport> {
  const report = newTransformReport(meta.name);
  await analyzeFiles(context, report);
  const rules = groupByRule(report.findings);
  const plan = buildPlan(rules);
  const { stack } = context.options;
  report.details = { stack, rules, plan };
  context.reporter.out(
    [...renderStack(stack), ...renderFindings(rules, report.findings.length), ...renderPlan(plan), '', 'analyze changed nothing.'].join('\n'),
  );
  return report;
}
