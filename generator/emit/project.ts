/**
 * The ts-morph project generated TypeScript files are built in: in memory, never touching disk
 * (write-tree.ts owns the disk). Files are built from structures in one call each — ts-morph
 * re-parses on every node-level edit, so edits in loops are what make big orgs slow.
 */
import { IndentationText, Project, QuoteKind, type SourceFileStructure } from 'ts-morph';

export function createEmitProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
  });
}

/** Prints one file from its structure (header first) and drops it from the project. */
export function printFile(
  project: Project,
  path: string,
  header: string,
  structure: Omit<SourceFileStructure, 'kind'>,
): string {
  const file = project.createSourceFile(path, structure, { overwrite: true });
  const text = file.getFullText();
  project.removeSourceFile(file);
  return `${header}\n${text}`;
}
