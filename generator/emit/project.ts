/**
 * How generated TypeScript and JavaScript files are printed: from ts-morph structures, with its structure
 * printer — text straight from the structures, no source file parsed and kept (on a 20,000-field org that
 * was most of emit's memory). Each file is built in one call from its structures, never edited node by node.
 */
import { printStructure, StructureKind, type SourceFileStructure } from 'ts-morph';

/** One file from its structure, header first. */
export function printFile(header: string, structure: Omit<SourceFileStructure, 'kind'>): string {
  const text = printStructure({ ...structure, kind: StructureKind.SourceFile }, { indentNumberOfSpaces: 2, useSingleQuote: true });
  return `${header}\n${text}`;
}
