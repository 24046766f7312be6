// Bundles the app with React, @grafana/* and Scenes for the browser harness. No externals
// (unlike the plugin build): outside Grafana nothing provides them.
const path = require('path');
const webpack = require('webpack');

module.exports = (outDir) => ({
  mode: 'development',
  devtool: false,
  target: 'web',
  context: __dirname,
  entry: path.join(__dirname, 'entry.tsx'),
  output: { path: outDir, filename: 'harness.js', publicPath: '/' },
  cache: {
    type: 'filesystem',
    buildDependencies: { config: [__filename] },
    cacheDirectory: path.resolve(__dirname, '../../node_modules/.cache/pvemon-harness'),
  },
  resolve: {
    extensions: ['.tsx', '.ts', '.mjs', '.js', '.jsx', '.json'],
    modules: [path.resolve(__dirname, '../../src'), 'node_modules'],
    fallback: { fs: false, path: false, os: false, crypto: false, stream: false, util: false, buffer: false },
    alias: {
      'react-custom-scrollbars-2$': path.join(__dirname, 'shims/reactCustomScrollbars.cjs'),
      '@pvemon/rules': path.resolve(__dirname, '../../../../packages/rules/dist/index.js'),
      '@pvemon/metrics-contract': path.resolve(__dirname, '../../../../packages/metrics-contract/dist/index.js'),
    },
  },
  module: {
    // @grafana/plugin-compat feature-detects runtime exports newer than 13.1 (a warning in the
    // plugin build, where runtime is external): not an error here either.
    parser: {
      javascript: { exportsPresence: false },
      'javascript/esm': { exportsPresence: false },
      'javascript/auto': { exportsPresence: false },
    },
    rules: [
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              target: 'es2020',
              parser: { syntax: 'typescript', tsx: true },
              transform: { react: { runtime: 'classic' } },
            },
          },
        },
      },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(svg|png|woff2?|ttf|eot)$/, type: 'asset/resource' },
    ],
  },
  plugins: [new webpack.DefinePlugin({ 'process.env.NODE_ENV': JSON.stringify('development'), 'process.env': '{}' })],
  performance: { hints: false },
  ignoreWarnings: [/export .* was not found/, /Critical dependency/],
});
