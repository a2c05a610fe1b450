import { installReason } from './npm-deps';

describe('installReason', () => {
  const lock = {
    packages: {
      '': { name: 'crumbtrail', devDependencies: { jest: '^29.7.0' } },
      'node_modules/jest': { version: '29.7.0', integrity: 'sha512-a', dev: true },
      'node_modules/@esbuild/darwin-arm64': { version: '0.25.0', optional: true },
      'shared/contracts': { name: '@crumbtrail/contracts', dependencies: { zod: '^3.25.0' } },
    },
  };
  const installed = {
    packages: {
      'node_modules/jest': { version: '29.7.0', integrity: 'sha512-a', dev: true },
      'shared/contracts': { name: '@crumbtrail/contracts', dependencies: { zod: '^3.25.0' } },
    },
  };

  it("is null when every locked package is installed as locked (other platforms' optional ones may be absent)", () => {
    expect(installReason(lock, installed)).toBeNull();
  });

  it('names a package that is missing or installed at another version', () => {
    const { 'node_modules/jest': _jest, ...withoutJest } = installed.packages;
    expect(installReason(lock, { packages: withoutJest })).toBe('node_modules/jest is not installed');
    const older = {
      ...installed.packages,
      'node_modules/jest': { version: '29.6.0', integrity: 'sha512-b' },
    };
    expect(installReason(lock, { packages: older })).toBe('node_modules/jest differs from package-lock.json');
  });

  it('notices a dependency added to a workspace', () => {
    const changed = {
      packages: {
        ...lock.packages,
        'shared/contracts': {
          name: '@crumbtrail/contracts',
          dependencies: { zod: '^3.25.0', yaml: '^2.8.0' },
        },
      },
    };
    expect(installReason(changed, installed)).toBe('shared/contracts differs from package-lock.json');
  });

  it('asks for an install when npm has never installed here', () => {
    expect(installReason(lock, undefined)).toBe('node_modules has not been installed by npm 7+');
    expect(installReason({}, installed)).toMatch(/no "packages" section/);
  });
});
