// Builds the web app: web/src/main.tsx -> web/dist/assets/app-<hash>.js and .css (esbuild: bundled, minified, with
// source maps), and web/dist/index.html that loads them. No inline script or style anywhere: the server sends a
// strict Content-Security-Policy (default-src 'self'). `node web/build.mjs --watch` rebuilds on change.
import { build, context } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(webDir, 'dist');
const assetsDir = join(outDir, 'assets');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: { app: join(webDir, 'src', 'main.tsx') },
  outdir: assetsDir,
  entryNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  target: ['chrome110', 'firefox115', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  // Workspace packages from their TypeScript sources (only zod-free modules such as @crumbtrail/contracts/labels).
  conditions: ['crumbtrail-source'],
  minify: !watch,
  sourcemap: 'linked',
  metafile: true,
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': JSON.stringify(watch ? 'development' : 'production') },
  logLevel: 'warning',
};

/** index.html with the hashed asset names of this build. */
function writeIndex(metafile) {
  const outputs = Object.keys(metafile.outputs).map((file) => relative(outDir, join(process.cwd(), file)));
  const js = outputs.find((f) => /^assets\/app-[^/]+\.js$/.test(f));
  const css = outputs.find((f) => /^assets\/app-[^/]+\.css$/.test(f));
  if (!js || !css) throw new Error(`web build: missing outputs (${outputs.join(', ')})`);
  const html = readFileSync(join(webDir, 'src', 'index.html'), 'utf8')
    .replace('%APP_JS%', `/${js}`)
    .replace('%APP_CSS%', `/${css}`);
  writeFileSync(join(outDir, 'index.html'), html);
  copyFileSync(join(webDir, 'src', 'favicon.svg'), join(assetsDir, 'favicon.svg'));
  return { js: basename(js), css: basename(css) };
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(assetsDir, { recursive: true });
if (watch) {
  const ctx = await context({
    ...options,
    plugins: [
      {
        name: 'index-html',
        setup(b) {
          b.onEnd((result) => {
            if (result.metafile) console.log('web: rebuilt', writeIndex(result.metafile));
          });
        },
      },
    ],
  });
  await ctx.watch();
  console.log(`web: watching ${relative(process.cwd(), join(webDir, 'src'))}`);
} else {
  const started = Date.now();
  const result = await build(options);
  const names = writeIndex(result.metafile);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(
    `web: built ${names.js} and ${names.css} (${Math.round(bytes / 1024)} KiB with maps) in ${Date.now() - started} ms`,
  );
}
