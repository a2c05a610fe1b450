/** Classification metrics over string labels: confusion matrix, per-class precision/recall/F1, macro averages. */

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalReport {
  labels: string[];
  /** confusion[gold][predicted] */
  confusion: number[][];
  total: number;
  accuracy: number;
  perClass: ClassMetrics[];
  macroRecall: number;
  macroF1: number;
}

export class ConfusionCounter {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly seen = new Set<string>();

  constructor(private readonly fixedLabels: readonly string[] = []) {
    for (const l of fixedLabels) this.seen.add(l);
  }

  add(gold: string, predicted: string): void {
    this.seen.add(gold);
    this.seen.add(predicted);
    const row = this.counts.get(gold) ?? new Map<string, number>();
    row.set(predicted, (row.get(predicted) ?? 0) + 1);
    this.counts.set(gold, row);
  }

  report(): EvalReport {
    const extra = [...this.seen].filter((l) => !this.fixedLabels.includes(l)).sort();
    const labels = [...this.fixedLabels, ...extra];
    const confusion = labels.map((g) => labels.map((p) => this.counts.get(g)?.get(p) ?? 0));
    return reportFromConfusion(labels, confusion);
  }
}

const safeDiv = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function reportFromConfusion(labels: string[], confusion: number[][]): EvalReport {
  const n = labels.length;
  let total = 0;
  let correct = 0;
  const perClass: ClassMetrics[] = [];
  for (let i = 0; i < n; i++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < n; j++) {
      support += confusion[i]![j]!;
      predicted += confusion[j]![i]!;
    }
    const tp = confusion[i]![i]!;
    total += support;
    correct += tp;
    const precision = safeDiv(tp, predicted);
    const recall = safeDiv(tp, support);
    perClass.push({
      label: labels[i]!,
      precision,
      recall,
      f1: safeDiv(2 * precision * recall, precision + recall),
      support,
    });
  }
  // Macro averages over classes present in the gold data.
  const present = perClass.filter((c) => c.support > 0);
  const mean = (xs: number[]): number =>
    safeDiv(
      xs.reduce((a, b) => a + b, 0),
      xs.length,
    );
  return {
    labels,
    confusion,
    total,
    accuracy: safeDiv(correct, total),
    perClass,
    macroRecall: mean(present.map((c) => c.recall)),
    macroF1: mean(present.map((c) => c.f1)),
  };
}

/** Renders a report as aligned text. */
export function formatReport(r: EvalReport): string {
  const pct = (x: number): string => x.toFixed(4);
  const w = Math.max(9, ...r.labels.map((l) => l.length)) + 2;
  const lines: string[] = [];
  lines.push(`rows: ${r.total}`);
  lines.push(`accuracy: ${pct(r.accuracy)}`);
  lines.push(`macro-recall: ${pct(r.macroRecall)}`);
  lines.push(`macro-F1: ${pct(r.macroF1)}`);
  lines.push('');
  lines.push(
    `${'class'.padEnd(w)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'F1'.padStart(10)}${'support'.padStart(10)}`,
  );
  for (const c of r.perClass) {
    lines.push(
      `${c.label.padEnd(w)}${pct(c.precision).padStart(10)}${pct(c.recall).padStart(10)}${pct(c.f1).padStart(10)}${String(c.support).padStart(10)}`,
    );
  }
  lines.push('');
  lines.push('confusion matrix (rows = gold, columns = predicted)');
  lines.push(''.padEnd(w) + r.labels.map((l) => l.padStart(w)).join(''));
  r.labels.forEach((g, i) => {
    lines.push(g.padEnd(w) + r.confusion[i]!.map((c) => String(c).padStart(w)).join(''));
  });
  return lines.join('\n');
}
