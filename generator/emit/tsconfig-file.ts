/**
 * tsconfig.json of a generated client: the folder type-checks on its own (strict, NodeNext — the settings
 * the runtime templates are checked with in this repository). The client ships as JavaScript with
 * declarations, so there is nothing to build.
 */
import { tsHeader, type Provenance } from './header.ts';

export function renderTsconfig(provenance: Provenance): string {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023'],
      types: ['node'],
      strict: true,
      // As strict as a careful consumer's own settings, so a client that compiles here compiles there.
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      exactOptionalPropertyTypes: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['**/*.ts'],
    exclude: ['node_modules'],
  };
  return `${tsHeader(provenance)}${JSON.stringify(config, null, 2)}\n`;
}
