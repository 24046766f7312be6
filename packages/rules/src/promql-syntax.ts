import { parser } from '@prometheus-io/lezer-promql';

export interface SyntaxError {
  readonly from: number;
  readonly to: number;
  readonly near: string;
}

/** PromQL syntax errors found by the Prometheus UI's lezer grammar (empty = parses). */
export function promqlSyntaxErrors(expr: string): SyntaxError[] {
  const errors: SyntaxError[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push({
          from: node.from,
          to: node.to,
          near: expr.slice(Math.max(0, node.from - 20), node.to + 20),
        });
      }
    },
  });
  return errors;
}
