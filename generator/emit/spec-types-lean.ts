/**
 * What every consumer's editor parses of the spec, made lean after openapi-typescript renders it and before
 * it is printed. spec-types.d.ts is in every client's program whatever the org, and an editor parses it, doc
 * comments included, each time it opens the project: on the demo org it was three quarters of the client's
 * declaration text. openapi-typescript writes every slot an operation could have; this keeps what the
 * typed `request` and the spec resources read (typed-request.ts), and one paragraph of each description.
 *
 * Dropped, all of it still in the spec and in the client's openapi.json:
 * - the empty slots: `get?: never` for each method a path lacks, `query?: never`, `header?: never`,
 *   `path?: never`, `cookie?: never`, `requestBody?: never`, a response's `content?: never`, and the
 *   `parameters` holder once nothing is left in it (typed-request.ts reads an absent slot as "none");
 * - each path item's own `parameters` (every operation repeats them, and the operation's are the ones read);
 * - each response's `headers: { [name: string]: unknown }` (no header is typed);
 * - from doc comments: examples, defaults, formats, enum tags, and every paragraph of a description but
 *   the first.
 */
import ts from 'typescript';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
/** The slots openapi-typescript writes as `?: never` when an operation (or a response) has none. */
const EMPTY_SLOTS = new Set([
  ...METHODS,
  'parameters',
  'query',
  'header',
  'path',
  'cookie',
  'requestBody',
  'content',
]);

/** The statements of openapi-typescript's AST, lean (see above); the nodes given are not changed. */
export function leanSpecAst(nodes: readonly ts.Node[]): ts.Node[] {
  const result = ts.transform([...nodes], [(context) => (root) => visitTop(root, context)]);
  const out = [...result.transformed];
  result.dispose();
  return out;
}

function visitTop(node: ts.Node, context: ts.TransformationContext): ts.Node {
  const visited = visit(node, context);
  // The path items: members of `interface paths`, each a type literal of methods (and `parameters`).
  if (ts.isInterfaceDeclaration(visited) && visited.name.text === 'paths') {
    const members = visited.members.map((m) =>
      ts.isPropertySignature(m) && m.type !== undefined && ts.isTypeLiteralNode(m.type)
        ? pathItem(m, m.type)
        : m,
    );
    return ts.factory.updateInterfaceDeclaration(
      visited,
      visited.modifiers,
      visited.name,
      visited.typeParameters,
      visited.heritageClauses,
      members,
    );
  }
  return visited;
}

function pathItem(member: ts.PropertySignature, item: ts.TypeLiteralNode): ts.PropertySignature {
  const methods = item.members.filter(
    (m) => ts.isPropertySignature(m) && METHODS.has(nameOf(m) ?? ''),
  );
  return ts.factory.updatePropertySignature(
    member,
    member.modifiers,
    member.name,
    member.questionToken,
    ts.factory.updateTypeLiteralNode(item, ts.factory.createNodeArray(methods)),
  );
}

function visit(node: ts.Node, context: ts.TransformationContext): ts.Node {
  const visited = ts.visitEachChild(node, (child) => visit(child, context), context);
  if (ts.isTypeLiteralNode(visited)) {
    const kept = visited.members.filter((m) => !isEmptySlot(m) && !isFreeHeaders(m, visited));
    if (kept.length !== visited.members.length)
      return ts.factory.updateTypeLiteralNode(visited, ts.factory.createNodeArray(kept));
  }
  const comments = ts.getSyntheticLeadingComments(visited);
  if (comments !== undefined) {
    const lean = comments.flatMap((c) => {
      const text =
        c.kind === ts.SyntaxKind.MultiLineCommentTrivia && c.text.startsWith('*')
          ? leanDoc(c.text)
          : c.text;
      return text === undefined ? [] : [{ ...c, text }];
    });
    ts.setSyntheticLeadingComments(visited, lean);
  }
  return visited;
}

function nameOf(member: ts.TypeElement): string | undefined {
  const name = member.name;
  return name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteral(name))
    ? name.text
    : undefined;
}

/** `query?: never`, `get?: never`, …, and a `parameters: {}` emptied by dropping those. */
function isEmptySlot(m: ts.TypeElement): boolean {
  if (!ts.isPropertySignature(m) || m.type === undefined || !EMPTY_SLOTS.has(nameOf(m) ?? ''))
    return false;
  if (m.questionToken !== undefined && m.type.kind === ts.SyntaxKind.NeverKeyword) return true;
  return nameOf(m) === 'parameters' && ts.isTypeLiteralNode(m.type) && m.type.members.length === 0;
}

/** A response's `headers: { [name: string]: unknown }`: its only other member is `content`, if any. */
function isFreeHeaders(m: ts.TypeElement, parent: ts.TypeLiteralNode): boolean {
  if (
    !ts.isPropertySignature(m) ||
    nameOf(m) !== 'headers' ||
    m.type === undefined ||
    !ts.isTypeLiteralNode(m.type)
  )
    return false;
  const [only, ...rest] = m.type.members;
  const freeForm =
    rest.length === 0 &&
    only !== undefined &&
    ts.isIndexSignatureDeclaration(only) &&
    only.type.kind === ts.SyntaxKind.UnknownKeyword;
  return freeForm && parent.members.every((s) => s === m || nameOf(s) === 'content');
}

/** How openapi-typescript lays a doc comment out: `\n * ` starts an item, `\n *     ` continues one. */
const ITEM = /\n \* (?! {4})/;
const CONTINUATION = /\n \* {5}/g;

/**
 * A doc comment's text (`*\n * Title\n * @description …\n `) with its title or summary and the first
 * paragraph of its description, `@deprecated` kept; undefined when nothing is left.
 */
export function leanDoc(text: string): string | undefined {
  const body = text.replace(/^\*/, '').replace(/\s+$/, '');
  const items = (body.startsWith(' ') ? `\n *${body}` : body)
    .split(ITEM)
    .map((item) => item.replace(CONTINUATION, '\n').trim());
  const kept: string[] = [];
  for (const item of items) {
    if (item === '') continue;
    if (item === '@deprecated') kept.push(item);
    else if (item.startsWith('@description '))
      kept.push(`@description ${firstParagraph(item.slice('@description '.length))}`);
    else if (!item.startsWith('@') && !item.startsWith('Format: ')) kept.push(firstParagraph(item));
  }
  if (kept.length === 0) return undefined;
  const lines = kept.join('\n').split('\n');
  return lines.length === 1 ? `* ${lines[0]} ` : `*\n * ${lines.join('\n * ')}\n `;
}

function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0]!.trim();
}
