/**
 * One line of nvidia-smi's human-readable `-q` format ("Key    : value" or a bare section title),
 * with the lines indented below it as children.
 */
export interface TextNode {
  readonly key: string;
  /** `undefined` for a section title; `''` for a key printed with an empty value. */
  readonly value: string | undefined;
  readonly children: TextNode[];
}

// The separator is padding + ':' + one space. Keys never contain " :" but values do
// ("N/A (Expiry: N/A)", PCI addresses), so only the first separator splits.
const KEY_VALUE = /^(.*?)\s+:(?:\s(.*))?$/;

/**
 * Parses nvidia-smi's `-q` text (`nvidia-smi -q`, `nvidia-smi vgpu -q`) into a tree by indentation.
 * It knows nothing about field names, so new driver fields and missing sections need no change here.
 */
export function parseIndentedText(text: string): TextNode[] {
  const roots: TextNode[] = [];
  const stack: { indent: number; node: TextNode }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    const line = raw.replace(/\t/g, '    ');
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    const match = KEY_VALUE.exec(body);
    const node: TextNode = match
      ? { key: (match[1] ?? '').trim(), value: (match[2] ?? '').trim(), children: [] }
      : { key: body, value: undefined, children: [] };
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.node.children.push(node);
    else roots.push(node);
    stack.push({ indent, node });
  }
  return roots;
}

/** First child whose key equals one of `keys`, case-insensitively (drivers differ: "Gpu" vs "GPU"). */
export function findChild(node: TextNode, ...keys: string[]): TextNode | undefined {
  const wanted = keys.map((k) => k.toLowerCase());
  return node.children.find((c) => wanted.includes(c.key.toLowerCase()));
}

/** Value of a child field, or `undefined` when the field is missing. */
export function childValue(node: TextNode, ...keys: string[]): string | undefined {
  return findChild(node, ...keys)?.value;
}
