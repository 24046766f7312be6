// `npm run generate`: writes the default rule files into the repository's stack/ folder and
// refreshes the generated tables of this package's README.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from './config.js';
import { alertTableMarkdown, recordingTableMarkdown, spliceGenerated } from './docs.js';
import { generateRuleFiles } from './generate.js';

const rulesDir = fileURLToPath(new URL('../../../stack/prometheus/rules/', import.meta.url));
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));

for (const path of await generateRuleFiles(DEFAULT_CONFIG, rulesDir)) console.log(`wrote ${path}`);
let readme = await readFile(readmePath, 'utf8');
readme = spliceGenerated(readme, 'alerts', alertTableMarkdown(DEFAULT_CONFIG));
readme = spliceGenerated(readme, 'recordings', recordingTableMarkdown(DEFAULT_CONFIG));
await writeFile(readmePath, readme);
console.log(`wrote ${readmePath}`);
