// Two projects: fast pure unit tests, and tests that talk to the real RabbitMQ and MongoDB-compatible server.
// libxml2-wasm is ESM-only with top-level await, so jest runs with --experimental-vm-modules and swc keeps
// dynamic import() as is.
const swc = [
  '@swc/jest',
  {
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs', ignoreDynamic: true },
  },
];
const common = { transform: { '^.+\\.ts$': swc }, setupFiles: ['reflect-metadata'], testEnvironment: 'node' };
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/contract/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
      slowTestThreshold: 30,
    },
  ],
  testTimeout: 30000,
};
