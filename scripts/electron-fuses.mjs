// Electron fuses of the packaged app, checked through electron-builder itself: its own loader reads
// electron-builder.yml, its own schema validation accepts it, and its own fuse-config step (the one
// `npm run dist` runs right before signing) turns `electronFuses` into the fuse wire; the wire must
// hold every fuse below at the value given. No Electron binary is needed (none can be downloaded
// here), so what is proven is the configuration electron-builder flips, not a flipped binary.
import { createRequire } from 'node:module';
import path from 'node:path';

/** The fuses the issue asks for (Electron security checklist), by @electron/fuses' FuseV1Options name. */
export const REQUIRED_FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableCookieEncryption: true,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
};

/** One result per required fuse, plus the config being valid and the app packed as ASAR. */
export async function checkFuses(root, configFile = 'electron-builder.yml') {
  const req = createRequire(path.join(root, 'node_modules/app-builder-lib/package.json'));
  const results = [];
  const check = (name, ok, detail) => results.push({ name, ok: !!ok, detail });
  // The package entry first: platformPackager.js required on its own hits an import cycle.
  const { PlatformPackager } = req('./out/index.js');
  const { getConfig, validateConfiguration } = req('./out/util/config/config.js');
  // Its "loaded configuration" notice would land in our JSON output; the checks below say enough.
  const { log } = req('builder-util');
  const stream = log.stream;
  log.stream = { write: () => true };
  let config;
  try {
    config = await getConfig(root, path.resolve(root, configFile), null);
  } finally {
    log.stream = stream;
  }
  let valid = null;
  try {
    await validateConfiguration(config, { isEnabled: false, add() {} });
  } catch (e) {
    valid = e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
  check(`${configFile} passes electron-builder's schema`, valid === null, valid ?? '');
  check(`${configFile} packs the app as ASAR (onlyLoadAppFromAsar needs it)`, config.asar === true);
  check(
    `${configFile} sets electronFuses and electron-builder flips them when packing`,
    config.electronFuses != null &&
      typeof PlatformPackager.prototype.doAddElectronFuses === 'function' &&
      typeof PlatformPackager.prototype.generateFuseConfig === 'function',
  );
  if (config.electronFuses == null) return results;
  const wire = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
  const { FuseV1Options } = req('@electron/fuses');
  for (const [name, want] of Object.entries(REQUIRED_FUSES)) {
    const got = wire[FuseV1Options[name]];
    check(`fuse ${name} = ${want} in the packaged app`, got === want, `configured: ${String(got)}`);
  }
  return results;
}
