/** The package version, bundled from package.json so that `--version` and SARIF cannot drift from it. */
import pkg from '../../../package.json';

export const VERSION: string = pkg.version;
