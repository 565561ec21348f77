/**
 * How generated TypeScript and JavaScript files are printed: from ts-morph structures, with its structure
 * printer — text straight from the structures, no source file parsed and kept (on a 20,000-field org that
 * was most of emit's memory). Each file is built in one call from its structures, never edited node by node.
 */
import { printStructure, StructureKind, type SourceFileStructure } from 'ts-morph';

/** One file from its structure, header first. */
export function printFile(header: string, structure: Omit<SourceFileStructure, 'kind'>): string {
  return `${header}\n${printStatements(structure.statements)}`;
}

/** Statements as a file's text would hold them (one part of a file printed in pieces). */
export function printStatements(statements: SourceFileStructure['statements']): string {
  return printStructure({ kind: StructureKind.SourceFile, statements }, { indentNumberOfSpaces: 2, useSingleQuote: true });
}
