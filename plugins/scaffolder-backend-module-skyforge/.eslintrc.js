module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // expectRejected (createRenderStackAction.test.ts) asserts on the thrown error and the workspace.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectRejected'] },
    ],
  },
});
