// Parses PowerShell with the real tree-sitter grammar compiled to wasm, so CI needs no pwsh and no
// native build (env-feasibility §8).
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';

export interface SyntaxProblem {
  kind: 'ERROR' | 'MISSING';
  /** 1-based line and column. */
  line: number;
  column: number;
  text: string;
}

let parserPromise: Promise<Parser> | undefined;

/** One parser per process: loading the grammar costs ~25 ms, parsing is cheap. */
export function powershellParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const grammar = await Language.load(
      require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'),
    );
    const parser = new Parser();
    parser.setLanguage(grammar);
    return parser;
  })();
  return parserPromise;
}

export async function parsePowerShell(source: string): Promise<Tree> {
  const tree = (await powershellParser()).parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Every ERROR and MISSING node, in document order. */
export function syntaxProblems(tree: Tree): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) {
      problems.push({
        kind: node.isMissing ? 'MISSING' : 'ERROR',
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        text: node.isMissing ? node.type : node.text.slice(0, 80),
      });
    }
    if (!node.hasError && !node.isMissing) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return problems;
}

/** Name of a `function_statement` node. */
function nameOf(node: Node | null): string | undefined {
  return node?.children.find((c) => c?.type === 'function_name')?.text;
}

/** Source text of `function <name> { ... }` (case-insensitive, as PowerShell), or undefined. */
export function functionSource(tree: Tree, name: string): string | undefined {
  return tree.rootNode
    .descendantsOfType('function_statement')
    .find((n) => nameOf(n)?.toLowerCase() === name.toLowerCase())?.text;
}

/** Names of all functions the script defines. */
export function functionNames(tree: Tree): string[] {
  return tree.rootNode
    .descendantsOfType('function_statement')
    .map(nameOf)
    .filter((n): n is string => typeof n === 'string');
}

/** Every command name the script invokes (cmdlets, functions, native tools). */
export function commandNames(tree: Tree): string[] {
  return tree.rootNode.descendantsOfType('command_name').flatMap((n) => (n ? [n.text] : []));
}
