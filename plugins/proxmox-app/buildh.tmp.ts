import { buildHarness } from './test/harness/harnessServer';
void (async () => { const t = Date.now(); await buildHarness(require('path').resolve('test-results/harness/bundle')); console.log('built', Date.now() - t, 'ms'); })().catch((e) => { console.error(e); process.exit(1); });
