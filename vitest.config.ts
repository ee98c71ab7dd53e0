import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs neither root nor the e2e lab and passes on any machine with
// Node (`npm run test:unit`); `lab` talks to the lab's two VMs (root, `npm run lab -- up`).
// `npm test` runs both.
const LAB_TESTS = ['**/*.lab.test.ts'];
const shared = {
  exclude: ['**/node_modules/**', '**/fixtures/**', 'e2e/**'],
  testTimeout: 30_000,
  hookTimeout: 30_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['common/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...shared.exclude, ...LAB_TESTS],
        },
      },
      {
        test: {
          ...shared,
          name: 'lab',
          include: LAB_TESTS,
          // The VMs are shared state: one lab file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
