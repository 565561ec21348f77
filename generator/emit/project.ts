/**
 * The ts-morph project generated TypeScript files are built in: in memory, never touching disk
 * (write-tree.ts owns the disk). Files are built from structures in one call each — ts-morph
 * re-parses on every node-level edit, so edits in loops are what make big orgs slow.
 */
import { IndentationText, printStructure, Project, QuoteKind, StructureKind, type SourceFileStructure } from 'ts-morph';

export function createEmitProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
  });
}

/**
 * Prints one file from its structure (header first) with ts-morph's structure printer: text straight from
 * the structures, no source file parsed and kept (on a 20,000-field org that was most of emit's memory).
 * Declaration files print as ambient, so a function without a body is a declaration.
 */
export function printFile(
  _project: Project,
  path: string,
  header: string,
  structure: Omit<SourceFileStructure, 'kind'>,
): string {
  const text = printStructure({ ...structure, kind: StructureKind.SourceFile }, { indentNumberOfSpaces: 2, useSingleQuote: true });
  return `${header}\n${text}`;
}
