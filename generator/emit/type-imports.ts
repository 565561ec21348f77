/**
 * The other modules' types a generated file names, gathered as the file is built and turned into its
 * import declarations at the end: every type named is imported, nothing unused is.
 */
import { StructureKind, type StatementStructures } from 'ts-morph';
import { compareStrings } from '../canonical-json.ts';
import type { ModuleModel } from '../model/types.ts';
import { RUNTIME_NS } from './field-ts-type.ts';

export class TypeImports {
  readonly #byModule = new Map<ModuleModel, Set<string>>();

  /** Records that `name`, one of `owner`'s types, is used here; returns the name to write. */
  use(owner: ModuleModel, name: string): string {
    const names = this.#byModule.get(owner) ?? new Set<string>();
    names.add(name);
    this.#byModule.set(owner, names);
    return name;
  }

  /**
   * The runtime as a namespace (`rt`), then one type-only import per module, in file order;
   * `specifier` gives the path of a module's types file from the file being built.
   */
  declarations(runtimeSpecifier: string, specifier: (owner: ModuleModel) => string): StatementStructures[] {
    return [
      { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: RUNTIME_NS, moduleSpecifier: runtimeSpecifier },
      ...[...this.#byModule]
        .sort(([a], [b]) => compareStrings(a.fileName, b.fileName))
        .map(([owner, names]): StatementStructures => ({
          kind: StructureKind.ImportDeclaration,
          isTypeOnly: true,
          namedImports: [...names].sort(compareStrings),
          moduleSpecifier: specifier(owner),
        })),
    ];
  }
}
