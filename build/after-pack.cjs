// electron-builder afterPack hook: puts better-sqlite3 built for Electron's ABI (build/native.mjs,
// named by COUNTERSIGN_ELECTRON_SQLITE, which build/dist.mjs sets) in place of the Node build that
// electron-builder copied from node_modules, so the package never needs npmRebuild. Without it the
// package keeps the Node build (a layout check, such as the packaging test): it says so.
const { copyFileSync, existsSync } = require("node:fs");
const { join } = require("node:path");

exports.default = async function afterPack(context) {
  const resources = context.packager.getResourcesDir(context.appOutDir);
  const target = join(resources, "app.asar.unpacked", "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");
  if (!existsSync(target)) throw new Error(`better_sqlite3.node is not unpacked beside the asar (${target}): check asarUnpack`);
  const electronBuild = process.env.COUNTERSIGN_ELECTRON_SQLITE;
  if (!electronBuild) {
    console.warn("  • better-sqlite3 stays built for Node in this package (not runnable): package with `npm run dist`");
    return;
  }
  copyFileSync(electronBuild, target);
};
