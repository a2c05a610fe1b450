// One Jest run for the whole monorepo. Projects split tests by what they need:
//   unit:        *.test.ts beside the code (and under deploy/, test/), pure, no network
//   integration: *.int.test.ts, real Kafka + MongoDB-wire server from the local stack
//   e2e:         test/**/*.e2e.test.ts, every service as a process
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const moduleNameMapper = {
  '^@crumbtrail/([a-z-]+)$': '<rootDir>/shared/$1/src',
  '^@crumbtrail/([a-z-]+)/([a-z-]+)$': '<rootDir>/shared/$1/src/$2',
};
const common = {
  rootDir: __dirname,
  transform,
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/.data/', '/dist/'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{shared,services}/*/src/**/*.test.ts',
        '<rootDir>/{deploy,test}/**/*.test.ts',
        '<rootDir>/services/*/web/src/**/*.test.ts',
      ],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{shared,services}/*/src/**/*.int.test.ts', '<rootDir>/test/**/*.int.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
    },
  ],
};
