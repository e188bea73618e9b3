import ts from 'typescript6'

/** What a syntax tree declares, imports and calls: the facts toMatchAst checks against. */
export interface AstFacts {
  interfaces: Map<string, Set<string>>
  types: Map<string, Set<string>>
  annotations: Array<{ name: string; type: string }>
  imports: Array<{ from: string; name: string; typeOnly: boolean }>
  calls: Array<{ callee: string; typeArguments: string[]; arguments: number }>
  exportedFunctions: Set<string>
  variables: Set<string>
  anyCount: number
  parseErrors: number
}

export function emptyFacts(): AstFacts {
  return {
    interfaces: new Map(), types: new Map(), annotations: [], imports: [], calls: [],
    exportedFunctions: new Set(), variables: new Set(), anyCount: 0, parseErrors: 0,
  }
}

/** Type or callee text for comparison: whitespace and trailing separators removed. */
export function compact(text: string): string {
  return text.replace(/\s+/g, '').replace(/[;,]+$/, '')
}

/** Parses `code` with the TypeScript parser (never type-checks or runs it) and adds its facts to `facts`. */
export function collectFacts(code: string, kind: 'ts' | 'tsx', facts: AstFacts = emptyFacts()): AstFacts {
  const scriptKind = kind === 'tsx' ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const file = ts.createSourceFile(`input.${kind}`, code, ts.ScriptTarget.Latest, true, scriptKind)
  facts.parseErrors += (file as ts.SourceFile & { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0
  const localFunctions = new Set<string>()
  const exportedNames: string[] = []
  const visit = (node: ts.Node): void => {
    record(node, file, facts, localFunctions, exportedNames)
    ts.forEachChild(node, visit)
  }
  visit(file)
  for (const name of exportedNames) if (localFunctions.has(name)) facts.exportedFunctions.add(name)
  return facts
}

function record(node: ts.Node, file: ts.SourceFile, facts: AstFacts, localFunctions: Set<string>, exportedNames: string[]): void {
  const text = (target: ts.Node): string => compact(target.getText(file))
  if (ts.isInterfaceDeclaration(node)) {
    facts.interfaces.set(node.name.text, memberNames(node.members))
  } else if (ts.isTypeAliasDeclaration(node)) {
    facts.types.set(node.name.text, ts.isTypeLiteralNode(node.type) ? memberNames(node.type.members) : new Set())
  } else if (node.kind === ts.SyntaxKind.AnyKeyword) {
    facts.anyCount++
  } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
    recordImport(node, node.moduleSpecifier.text, facts)
  } else if (ts.isCallExpression(node)) {
    facts.calls.push({ callee: text(node.expression), typeArguments: (node.typeArguments ?? []).map(text), arguments: node.arguments.length })
  } else if (ts.isFunctionDeclaration(node) && node.name) {
    localFunctions.add(node.name.text)
    if (isExported(node)) facts.exportedFunctions.add(node.name.text)
  } else if (ts.isExportDeclaration(node) && !node.moduleSpecifier && node.exportClause && ts.isNamedExports(node.exportClause)) {
    for (const element of node.exportClause.elements) {
      exportedNames.push((element.propertyName ?? element.name).text)
    }
  }
  if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
    facts.variables.add(node.name.text)
    const init = node.initializer
    if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
      localFunctions.add(node.name.text)
      const statement = node.parent.parent
      if (ts.isVariableStatement(statement) && isExported(statement)) facts.exportedFunctions.add(node.name.text)
    }
  }
  if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isPropertySignature(node) || ts.isPropertyDeclaration(node)) && node.type) {
    const name = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : node.name.getText(file)
    facts.annotations.push({ name, type: text(node.type) })
  }
}

function recordImport(node: ts.ImportDeclaration, from: string, facts: AstFacts): void {
  const clause = node.importClause
  if (!clause) return
  const typeOnly = clause.isTypeOnly
  if (clause.name) facts.imports.push({ from, name: clause.name.text, typeOnly })
  const bindings = clause.namedBindings
  if (bindings && ts.isNamespaceImport(bindings)) facts.imports.push({ from, name: bindings.name.text, typeOnly })
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) {
      facts.imports.push({ from, name: (element.propertyName ?? element.name).text, typeOnly: typeOnly || element.isTypeOnly })
    }
  }
}

function memberNames(members: ts.NodeArray<ts.TypeElement>): Set<string> {
  const found = new Set<string>()
  for (const member of members) {
    if (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) found.add(member.name.text)
  }
  return found
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
}
