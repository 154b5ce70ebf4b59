import ts from "typescript";
import type { Expression, Group, Namespace, OplError, RelationType } from "./ast.ts";

/**
 * Parses an OPL file (a TypeScript subset) with the real TypeScript parser and builds the
 * namespace model the way Keto's `schema/parser.go` does: same accepted forms, same AST shape,
 * and the same deferred name references that the type checker resolves afterwards.
 */

/** How deeply `(` and `!` may nest inside one permit, as in Keto. */
const MAX_EXPRESSION_NESTING = 10;

/** A name the type checker must resolve once every class is known. */
export type Reference = (
  | { kind: "namespace"; namespace: string }
  | { kind: "subjectSet"; namespace: string; relation: string; namespaceSpan: Span }
  | { kind: "ownRelation"; namespace: string; relation: string }
  | { kind: "traverse"; namespace: string; relation: string; computed: string }
) & { span: Span };

/** Offsets into the text; turned into lines and columns only when reported. */
export interface Span {
  start: number;
  end: number;
}

export interface ParsedOpl {
  namespaces: Namespace[];
  references: Reference[];
  errors: OplError[];
  /** Converts a span to Keto's 1-based line / 0-based column positions. */
  locate(span: Span, message: string): OplError;
}

export function parseOpl(text: string, fileName = "namespaces.keto.ts"): ParsedOpl {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const parser = new OplParser(source);
  const syntaxErrors = syntaxDiagnostics(source);
  if (syntaxErrors.length > 0) {
    for (const diagnostic of syntaxErrors) parser.reportDiagnostic(diagnostic);
  } else {
    parser.parseFile();
  }
  return {
    namespaces: parser.namespaces,
    references: parser.references,
    errors: parser.errors,
    locate: (span, message) => parser.locate(span, message),
  };
}

/** TypeScript reports syntax errors through a program; a one-file host is enough for that. */
function syntaxDiagnostics(source: ts.SourceFile): readonly ts.Diagnostic[] {
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === source.fileName ? source : undefined),
    fileExists: (name) => name === source.fileName,
    readFile: () => undefined,
    writeFile: () => {},
    getDefaultLibFileName: () => "lib.d.ts",
    getCurrentDirectory: () => "",
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
  };
  const program = ts.createProgram({
    rootNames: [source.fileName],
    options: { noLib: true, noResolve: true, types: [] },
    host,
  });
  return program.getSyntacticDiagnostics(source);
}

/** Keto's lexer words some syntax errors differently from TypeScript; keep Keto's wording. */
const ketoWordingForDiagnostic: Record<number, string> = {
  1010: "unclosed comment", // '*/' expected.
  1002: "unterminated string literal", // Unterminated string literal.
};

class OplParser {
  readonly namespaces: Namespace[] = [];
  readonly references: Reference[] = [];
  readonly errors: OplError[] = [];

  constructor(private readonly source: ts.SourceFile) {}

  locate(span: Span, message: string): OplError {
    const position = (offset: number) => {
      const { line, character } = this.source.getLineAndCharacterOfPosition(offset);
      return { line: line + 1, column: character };
    };
    return { message, start: position(span.start), end: position(span.end) };
  }

  reportDiagnostic(diagnostic: ts.Diagnostic): void {
    const start = diagnostic.start ?? 0;
    const message =
      ketoWordingForDiagnostic[diagnostic.code] ??
      ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    this.errors.push(this.locate({ start, end: start + (diagnostic.length ?? 0) }, message));
  }

  parseFile(): void {
    // Like Keto, everything outside class declarations (imports, comments, …) is ignored.
    for (const statement of this.source.statements) {
      if (ts.isClassDeclaration(statement)) this.parseClass(statement);
    }
  }

  private span(node: ts.Node): Span {
    return { start: node.getStart(this.source), end: node.getEnd() };
  }

  private fail(node: ts.Node, message: string): undefined {
    this.errors.push(this.locate(this.span(node), message));
    return undefined;
  }

  private text(node: ts.Node): string {
    return node.getText(this.source);
  }

  private parseClass(node: ts.ClassDeclaration): void {
    if (!node.name) {
      this.fail(node, 'expected identifier, got "{"');
      return;
    }
    const name = node.name.text;
    const implementsNamespace = node.heritageClauses?.some(
      (clause) =>
        clause.token === ts.SyntaxKind.ImplementsKeyword &&
        clause.types.some((type) => this.text(type.expression) === "Namespace"),
    );
    if (!implementsNamespace) {
      const next = node.heritageClauses?.[0];
      const got = next ? this.text(next) : "{";
      this.fail(
        next ?? node.name,
        `expected "implements Namespace" after class ${name}, got "${got}"`,
      );
      return;
    }

    const namespace: Namespace = { name, relations: [] };
    for (const member of node.members) {
      if (ts.isSemicolonClassElement(member)) continue;
      const memberName = member.name && this.propertyName(member.name);
      if (ts.isPropertyDeclaration(member) && memberName === "related" && !member.initializer) {
        this.parseRelated(namespace, member);
      } else if (
        ts.isPropertyDeclaration(member) &&
        memberName === "permits" &&
        member.initializer
      ) {
        this.parsePermits(namespace, member.initializer);
      } else {
        this.fail(
          member,
          `expected 'permits' or 'related', got "${memberName ?? this.text(member)}"`,
        );
      }
    }
    this.namespaces.push(namespace);
  }

  /** Relation names may be identifiers or quoted strings (`"reports.view"`). */
  private propertyName(name: ts.Node): string | undefined {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
    return undefined;
  }

  private parseRelated(namespace: Namespace, member: ts.PropertyDeclaration): void {
    const declared = member.type;
    if (!declared || !ts.isTypeLiteralNode(declared)) {
      this.fail(member, 'expected "related: { … }" with relation types');
      return;
    }
    for (const entry of declared.members) {
      const relation = ts.isPropertySignature(entry) && this.propertyName(entry.name);
      if (!relation || !ts.isPropertySignature(entry) || !entry.type) {
        this.fail(entry, `expected identifier or '}', got "${this.text(entry)}"`);
        continue;
      }
      const types = this.parseRelationTypes(entry.type);
      if (types) namespace.relations.push({ name: relation, types });
    }
  }

  /** `User[]`, `(User | SubjectSet<Group, "members">)[]`, `SubjectSet<…>[]` or `Array<…>`. */
  private parseRelationTypes(node: ts.TypeNode): RelationType[] | undefined {
    let element: ts.TypeNode | undefined;
    if (ts.isArrayTypeNode(node)) {
      element = node.elementType;
    } else if (
      ts.isTypeReferenceNode(node) &&
      this.text(node.typeName) === "Array" &&
      node.typeArguments?.length === 1
    ) {
      element = node.typeArguments[0];
    }
    if (!element) {
      return this.fail(
        node,
        `expected an array of subject types like "User[]", got "${this.text(node)}"`,
      );
    }
    while (ts.isParenthesizedTypeNode(element)) element = element.type;
    const members = ts.isUnionTypeNode(element) ? element.types : [element];
    const types: RelationType[] = [];
    for (const member of members) {
      const type = this.parseRelationType(member);
      if (!type) return undefined;
      types.push(type);
    }
    return types;
  }

  private parseRelationType(node: ts.TypeNode): RelationType | undefined {
    if (!ts.isTypeReferenceNode(node) || !ts.isIdentifier(node.typeName)) {
      return this.fail(
        node,
        `expected a namespace name or SubjectSet<…>, got "${this.text(node)}"`,
      );
    }
    const name = node.typeName.text;
    if (name !== "SubjectSet") {
      if (node.typeArguments) return this.fail(node, `expected '|', got "<"`);
      this.references.push({ kind: "namespace", namespace: name, span: this.span(node.typeName) });
      return { namespace: name };
    }
    const [target, relation] = node.typeArguments ?? [];
    if (
      node.typeArguments?.length !== 2 ||
      !ts.isTypeReferenceNode(target) ||
      !ts.isIdentifier(target.typeName) ||
      !ts.isLiteralTypeNode(relation) ||
      !ts.isStringLiteral(relation.literal)
    ) {
      return this.fail(
        node,
        `expected SubjectSet<Namespace, "relation">, got "${this.text(node)}"`,
      );
    }
    const type = { namespace: target.typeName.text, relation: relation.literal.text };
    this.references.push({
      kind: "subjectSet",
      ...type,
      span: this.span(relation),
      namespaceSpan: this.span(target),
    });
    return type;
  }

  private parsePermits(namespace: Namespace, initializer: ts.Expression): void {
    if (!ts.isObjectLiteralExpression(initializer)) {
      this.fail(initializer, `expected "{", got "${this.text(initializer)}"`);
      return;
    }
    for (const property of initializer.properties) {
      const name = property.name && this.propertyName(property.name);
      if (!name || !ts.isPropertyAssignment(property)) {
        this.fail(property, `expected identifier or '}', got "${this.text(property)}"`);
        continue;
      }
      const rewrite = this.parsePermitFunction(namespace, property.initializer);
      if (rewrite) namespace.relations.push({ name, types: [], rewrite });
    }
  }

  /** `(ctx: Context): boolean => <expression>`; both annotations are optional. */
  private parsePermitFunction(namespace: Namespace, node: ts.Expression): Group | undefined {
    if (!ts.isArrowFunction(node)) {
      return this.fail(node, `expected "(ctx: Context): boolean => …", got "${this.text(node)}"`);
    }
    const [parameter, ...extra] = node.parameters;
    if (!parameter || extra.length > 0 || this.text(parameter.name) !== "ctx") {
      return this.fail(
        node,
        `expected "ctx", got "${parameter ? this.text(parameter.name) : ")"}"`,
      );
    }
    if (parameter.type && this.text(parameter.type) !== "Context") {
      return this.fail(parameter.type, `expected "Context", got "${this.text(parameter.type)}"`);
    }
    if (node.type && node.type.kind !== ts.SyntaxKind.BooleanKeyword) {
      return this.fail(node.type, `expected "boolean", got "${this.text(node.type)}"`);
    }
    if (ts.isBlock(node.body)) {
      return this.fail(node.body, 'expected an expression after "=>", got "{"');
    }
    const rewrite = this.parseGroup(namespace, node.body, MAX_EXPRESSION_NESTING);
    return rewrite && flattenSameOperator(rewrite);
  }

  /**
   * Builds a group the way Keto does: operands and `&&`/`||` are folded strictly left to right
   * without precedence, and every operator wraps the tree built so far in a new group. TypeScript
   * already applied JavaScript precedence, so the operator chain is first laid out flat again.
   */
  private parseGroup(namespace: Namespace, node: ts.Expression, depth: number): Group | undefined {
    if (depth <= 0) return this.fail(node, nestingError);
    let root: Group | undefined;
    for (const item of operatorChain(node)) {
      if (item.operator) {
        root = { kind: "group", operator: item.operator, children: root ? [root] : [] };
        continue;
      }
      const child = this.parseOperand(namespace, item.operand, depth);
      if (!child) return undefined;
      if (root) root.children.push(child);
      else
        root =
          child.kind === "group" ? child : { kind: "group", operator: "or", children: [child] };
    }
    return root;
  }

  private parseOperand(
    namespace: Namespace,
    node: ts.Expression,
    depth: number,
  ): Expression | undefined {
    if (ts.isParenthesizedExpression(node))
      return this.parseGroup(namespace, node.expression, depth - 1);
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      return this.parseNot(namespace, node.operand, depth - 1);
    }
    return this.parseCall(namespace, node);
  }

  /** `!` takes a single call or a parenthesised group, nothing else (not even another `!`). */
  private parseNot(
    namespace: Namespace,
    node: ts.Expression,
    depth: number,
  ): Expression | undefined {
    if (depth <= 0) return this.fail(node, nestingError);
    const operand = ts.isParenthesizedExpression(node)
      ? this.parseGroup(namespace, node.expression, depth - 1)
      : this.parseCall(namespace, node);
    return operand && { kind: "not", operand };
  }

  /** `this.related.R.includes(ctx.subject)`, `this.permits.P(ctx)`, `this.related.R.traverse(…)`. */
  private parseCall(namespace: Namespace, node: ts.Expression): Expression | undefined {
    if (!ts.isCallExpression(node)) {
      return this.fail(node, `expected "this", got "${this.text(node)}"`);
    }
    const callee = memberAccess(node.expression);
    if (!callee) return this.fail(node, `expected "this", got "${this.text(node)}"`);

    const permit = this.accessOn(callee.object, "this", "permits") ? callee : undefined;
    if (permit) {
      if (!this.isCtxArgument(node))
        return this.fail(node, `expected "(ctx)" after ${permit.name}`);
      this.references.push({
        kind: "ownRelation",
        namespace: namespace.name,
        relation: permit.name,
        span: permit.nameSpan,
      });
      return { kind: "computed", relation: permit.name };
    }

    const related = memberAccess(callee.object);
    if (!related || !this.accessOn(related.object, "this", "related")) {
      return this.fail(
        node.expression,
        `expected 'related' or 'permits', got "${this.text(node.expression)}"`,
      );
    }
    if (callee.name === "includes") {
      if (!this.isSubjectArgument(node)) return this.fail(node, 'expected "ctx.subject"');
      this.references.push({
        kind: "ownRelation",
        namespace: namespace.name,
        relation: related.name,
        span: related.nameSpan,
      });
      return { kind: "computed", relation: related.name };
    }
    if (callee.name === "traverse") return this.parseTraverse(namespace, node, related);
    return this.fail(node.expression, `expected 'traverse' or 'includes', got "${callee.name}"`);
  }

  /** `this.related.R.traverse((x) => x.related.S.includes(ctx.subject) | x.permits.S(ctx))`. */
  private parseTraverse(
    namespace: Namespace,
    node: ts.CallExpression,
    related: MemberAccess,
  ): Expression | undefined {
    const [iteratee] = node.arguments;
    const parameter = iteratee && ts.isArrowFunction(iteratee) ? iteratee.parameters[0] : undefined;
    if (!iteratee || !ts.isArrowFunction(iteratee) || !parameter || ts.isBlock(iteratee.body)) {
      return this.fail(node, 'expected "traverse((x) => …)"');
    }
    const variable = this.text(parameter.name);
    const body = iteratee.body;
    const call = ts.isCallExpression(body) ? memberAccess(body.expression) : undefined;
    let computed: string | undefined;
    if (call && ts.isCallExpression(body) && this.accessOn(call.object, variable, "permits")) {
      if (this.isCtxArgument(body)) computed = call.name;
    } else if (call && ts.isCallExpression(body) && call.name === "includes") {
      const target = memberAccess(call.object);
      if (
        target &&
        this.accessOn(target.object, variable, "related") &&
        this.isSubjectArgument(body)
      ) {
        computed = target.name;
      }
    }
    if (computed === undefined) {
      return this.fail(
        body,
        `expected "${variable}.related.<relation>.includes(ctx.subject)" or "${variable}.permits.<permit>(ctx)", got "${this.text(body)}"`,
      );
    }
    // Keto registers the traverse check before the own-relation check; keep that error order.
    this.references.push(
      {
        kind: "traverse",
        namespace: namespace.name,
        relation: related.name,
        computed,
        span: this.span(body),
      },
      {
        kind: "ownRelation",
        namespace: namespace.name,
        relation: related.name,
        span: related.nameSpan,
      },
    );
    return { kind: "traverse", relation: related.name, computed };
  }

  /** Is `node` the access `<receiver>.<property>` where receiver is `this` or a variable? */
  private accessOn(node: ts.Expression, receiver: string, property: string): boolean {
    const access = memberAccess(node);
    return (
      access !== undefined && access.name === property && this.text(access.object) === receiver
    );
  }

  private isCtxArgument(call: ts.CallExpression): boolean {
    return call.arguments.length === 1 && this.text(call.arguments[0]) === "ctx";
  }

  private isSubjectArgument(call: ts.CallExpression): boolean {
    const [argument] = call.arguments;
    return (
      call.arguments.length === 1 &&
      ts.isPropertyAccessExpression(argument) &&
      this.text(argument.expression) === "ctx" &&
      argument.name.text === "subject"
    );
  }
}

const nestingError = `expression nested too deeply; maximal nesting depth is ${MAX_EXPRESSION_NESTING}`;

interface MemberAccess {
  object: ts.Expression;
  name: string;
  nameSpan: Span;
}

/** `a.b` or `a["b"]` (OPL allows quoted relation names such as `this.related["reports.view"]`). */
function memberAccess(node: ts.Expression): MemberAccess | undefined {
  if (ts.isPropertyAccessExpression(node)) {
    return { object: node.expression, name: node.name.text, nameSpan: nodeSpan(node.name) };
  }
  if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) {
    return {
      object: node.expression,
      name: node.argumentExpression.text,
      nameSpan: nodeSpan(node.argumentExpression),
    };
  }
  return undefined;
}

function nodeSpan(node: ts.Node): Span {
  return { start: node.getStart(), end: node.getEnd() };
}

type ChainItem =
  | { operator: "or" | "and"; operand?: undefined }
  | { operator?: undefined; operand: ts.Expression };

/** Lays a tree of unparenthesised `&&` / `||` back out in source order. */
function operatorChain(node: ts.Expression): ChainItem[] {
  if (ts.isBinaryExpression(node)) {
    const kind = node.operatorToken.kind;
    if (kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken) {
      const operator = kind === ts.SyntaxKind.BarBarToken ? "or" : "and";
      return [...operatorChain(node.left), { operator }, ...operatorChain(node.right)];
    }
  }
  return [{ operand: node }];
}

/**
 * Keto's `simplifyExpression`: merges child groups that use the root's operator into the root,
 * recursively along merged children only. Other nested groups stay as they are (and cost depth).
 */
function flattenSameOperator(root: Group): Group {
  const children: Expression[] = [];
  for (const child of root.children) {
    if (child.kind === "group" && child.operator === root.operator) {
      children.push(...flattenSameOperator(child).children);
    } else {
      children.push(child);
    }
  }
  root.children = children;
  return root;
}
