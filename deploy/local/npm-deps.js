// @ts-check
// Decides whether `npm install` is needed: node_modules is missing, or npm's record of what it installed
// (node_modules/.package-lock.json) does not match package-lock.json. Plain JavaScript because it runs before any
// dependency is installed.
//   node deploy/local/npm-deps.js [rootDir]   prints why an install is needed and exits 10, or exits 0 when current
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/**
 * @typedef {{ packages?: Record<string, Record<string, unknown>> }} Lockfile
 */

/**
 * Why the installed tree differs from the lockfile, or null when it matches. Every package entry of the lockfile
 * must be installed exactly as locked; optional packages (other platforms' binaries) may be absent.
 * @param {Lockfile} lock package-lock.json
 * @param {Lockfile | undefined} installed node_modules/.package-lock.json, undefined when it does not exist
 * @returns {string | null}
 */
function installReason(lock, installed) {
  if (!lock.packages) return 'package-lock.json has no "packages" section (lockfileVersion 2+ expected)';
  if (!installed?.packages) return 'node_modules has not been installed by npm 7+';
  const have = installed.packages;
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '') continue; // the root project itself is never in node_modules
    const got = have[key];
    if (!got) {
      if (entry.optional === true) continue;
      return `${key} is not installed`;
    }
    if (JSON.stringify(got) !== JSON.stringify(entry)) return `${key} differs from package-lock.json`;
  }
  return null;
}

/** @param {string} file @returns {Lockfile | undefined} */
function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** @param {string} root */
function check(root) {
  const lock = readJson(path.join(root, 'package-lock.json'));
  if (!lock) return 'package-lock.json is missing';
  if (!fs.existsSync(path.join(root, 'node_modules'))) return 'node_modules is missing';
  return installReason(lock, readJson(path.join(root, 'node_modules', '.package-lock.json')));
}

if (require.main === module) {
  const reason = check(path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..')));
  if (reason) {
    console.log(reason);
    process.exit(10);
  }
}

module.exports = { installReason, check };
