// `npm run generate`: writes the default rule files into the repository's stack/ folder.
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from './config.js';
import { generateRuleFiles } from './generate.js';

export const REPO_RULES_DIR = fileURLToPath(
  new URL('../../../stack/prometheus/rules/', import.meta.url),
);

const written = await generateRuleFiles(DEFAULT_CONFIG, REPO_RULES_DIR);
for (const path of written) console.log(`wrote ${path}`);
