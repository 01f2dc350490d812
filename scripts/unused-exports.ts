// Lint: an export nobody uses is dead code. Lists every exported declaration of the project's sources
// that is referred to nowhere, neither in another file (tests count) nor in its own, and exits 1 when
// there is one. (An exported type used only in its own file is kept: it names a boundary.) Entry points (the CLI, build scripts, page and pane main
// modules, configuration files) are exempt: their exports are used from outside.
import { relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(import.meta.dirname, "..");

/** Files whose exports are read by tools, hosts or the command line, not by other modules. */
const ENTRY_POINTS = [
  /^bin\//u,
  /^scripts\//u,
  /^bench\//u,
  /^test\//u,
  /\.config\.(ts|js)$/u,
  /^web\/main\.ts$/u,
  /^addin\/taskpane\/main\.ts$/u,
  /^addin\/wps\/main\.ts$/u,
  /^sync-server\/cli\/main\.ts$/u,
];

export interface UnusedExport {
  file: string;
  line: number;
  name: string;
}

export function findUnusedExports(root = ROOT): UnusedExport[] {
  const configFile = ts.findConfigFile(root, ts.sys.fileExists, "tsconfig.json");
  if (!configFile) throw new Error(`no tsconfig.json under ${root}`);
  const config = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const checker = program.getTypeChecker();
  const own = program
    .getSourceFiles()
    .filter((f) => !f.isDeclarationFile && !relative(root, f.fileName).startsWith(".."));

  // Every symbol referred to anywhere but in its own declaration. Re-exports (`export … from`) are
  // passages, not uses: a symbol only re-exported by a barrel is still unused.
  const used = new Set<ts.Symbol>();
  for (const file of own) {
    const visit = (node: ts.Node): void => {
      if (ts.isExportDeclaration(node)) return;
      if (ts.isIdentifier(node)) {
        // `{ sleep }` refers to the variable, not only to the new object's property.
        let symbol = ts.isShorthandPropertyAssignment(node.parent)
          ? checker.getShorthandAssignmentValueSymbol(node.parent)
          : checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const declaration = symbol?.declarations?.[0];
        const isOwnName = declaration !== undefined && (declaration as { name?: ts.Node }).name === node;
        if (symbol && !isOwnName) used.add(symbol);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  const unused: UnusedExport[] = [];
  for (const file of own) {
    const path = relative(root, file.fileName).replaceAll("\\", "/");
    if (ENTRY_POINTS.some((pattern) => pattern.test(path))) continue;
    const moduleSymbol = checker.getSymbolAtLocation(file);
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      // Only what this file declares; a re-export is judged where it is declared.
      if (!declaration || declaration.getSourceFile() !== file) continue;
      if (used.has(symbol)) continue;
      const { line } = file.getLineAndCharacterOfPosition(declaration.getStart());
      unused.push({ file: path, line: line + 1, name: exported.name });
    }
  }
  return unused.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const unused = findUnusedExports();
  for (const u of unused) process.stderr.write(`${u.file}:${u.line}  export "${u.name}" is used nowhere\n`);
  if (unused.length > 0) {
    process.stderr.write(
      `\n${unused.length} unused export(s): remove the export (or the code), or use it.\n`,
    );
    process.exit(1);
  }
  process.stdout.write("no unused exports\n");
}
