import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// House rules of packages/core/src, read from the code itself with the TypeScript parser:
// retries live in one place (docs/architecture.md, "Retry layers"), and every function fits
// on a screen.

const SRC = resolve(__dirname, '..', 'src');
const MAX_FUNCTION_LINES = 80;

/** The two modules that may loop over attempts: the pipeline (per request), resend (per write). */
const RETRY_HOMES = new Set(['pipeline.ts', 'retry/resend.ts']);
/**
 * Loops that look like retries but repeat something else, each with the reason. `modify`
 * re-reads and rebuilds a PUT after a 412 (someone else changed the resource in between): a
 * new write each time, never a resend of one whose answer was lost.
 */
const NOT_RETRIES = new Map([['resources/base.ts#modify', 'a fresh read-modify-write on 412']]);
/** The kinds errors.ts `isTransient` answers for: a list of them elsewhere is a second copy. */
const TRANSIENT_KINDS = new Set(['network', 'timeout', 'rateLimited', 'server']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

const parse = (name: string, text: string) =>
  ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

type Fn = ts.FunctionLikeDeclaration;

function nameOf(fn: Fn): string {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))) return fn.name.text;
  if (ts.isConstructorDeclaration(fn)) return 'constructor';
  const p = fn.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  return '(anonymous)';
}

/** Every function-like node, with its name and the enclosing named function. */
function functions(file: ts.SourceFile): Array<{ fn: Fn; name: string; lines: number }> {
  const out: Array<{ fn: Fn; name: string; lines: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as Fn;
      const start = file.getLineAndCharacterOfPosition(fn.getStart(file)).line;
      const end = file.getLineAndCharacterOfPosition(fn.getEnd()).line;
      out.push({ fn, name: nameOf(fn), lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** The nearest named function around a node, for messages and the allow list. */
function ownerOf(node: ts.Node): string {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent)
    if (ts.isFunctionLike(p) && 'body' in p) {
      const name = nameOf(p as Fn);
      if (name !== '(anonymous)') return name;
    }
  return '(top level)';
}

type Loop = ts.ForStatement | ts.WhileStatement | ts.DoStatement;
const isLoop = (n: ts.Node): n is Loop =>
  ts.isForStatement(n) || ts.isWhileStatement(n) || ts.isDoStatement(n);

/** A try statement in the loop's own body (not in a function defined there). */
function catchesInBody(loop: Loop): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isTryStatement(n) && n.catchClause) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(loop.statement);
  return found;
}

const ATTEMPT_NAME = /attempt|round|retr|tries/i;

function loopCounter(loop: Loop): string | undefined {
  if (!ts.isForStatement(loop)) return undefined;
  const init = loop.initializer;
  if (init && ts.isVariableDeclarationList(init))
    for (const d of init.declarations) if (ts.isIdentifier(d.name)) return d.name.text;
  return undefined;
}

/**
 * Why a loop looks like a retry loop, or undefined: it goes round again after catching a
 * failure with nothing else to stop it (no condition, or `true`), or counts attempts/rounds.
 */
function retryShape(loop: Loop): string | undefined {
  const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
  const endless = condition === undefined || condition.kind === ts.SyntaxKind.TrueKeyword;
  if (endless && catchesInBody(loop)) return 'loops until a caught failure stops failing';
  const counter = loopCounter(loop);
  if (counter && ATTEMPT_NAME.test(counter)) return `counts ${counter}`;
  return undefined;
}

/** Retry loops and copies of the transient kinds in one file. */
function retryFindings(path: string, file: ts.SourceFile): string[] {
  const findings: string[] = [];
  const where = (n: ts.Node) =>
    `${path}:${file.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (isLoop(n) && !RETRY_HOMES.has(path)) {
      const shape = retryShape(n);
      const owner = `${path}#${ownerOf(n)}`;
      if (shape && !NOT_RETRIES.has(owner))
        findings.push(`${where(n)} (${ownerOf(n)}): a retry loop (${shape})`);
    }
    if (ts.isArrayLiteralExpression(n) && path !== 'errors.ts') {
      const kinds = n.elements.filter(
        (e) => ts.isStringLiteralLike(e) && TRANSIENT_KINDS.has(e.text),
      );
      if (kinds.length >= 2)
        findings.push(`${where(n)}: a list of transient error kinds (use errors.ts isTransient)`);
    }
    ts.forEachChild(n, visit);
  };
  visit(file);
  return findings;
}

const files = sources(SRC).map((f) => {
  const path = relative(SRC, f).split('\\').join('/');
  return { path, file: parse(path, readFileSync(f, 'utf8')) };
});
const plantedIn = (path: string, text: string) => retryFindings(path, parse(path, text));

describe('retries live in one place', () => {
  it('no module outside the pipeline and retry/resend.ts loops over attempts or lists transient kinds', () => {
    const findings = files.flatMap((f) => retryFindings(f.path, f.file));
    expect(findings, 'resend through ScimClient.resend / ctx.resend instead').toEqual([]);
  });

  it('the guard sees the shapes it is there for', () => {
    const planted = [
      // A resend loop without a wait, as sync/apply.ts had.
      `async function f() { for (let round = 1; ; round++) { try { await w(); break; } catch { if (round > 3) throw 1; } } }`,
      // The same with while (true) and another counter name.
      `async function g() { let n = 0; while (true) { try { return await w(); } catch (e) { if (++n > 3) throw e; } } }`,
      // A counter named for attempts, with a condition.
      `async function h() { for (let attempt = 1; attempt < 4; attempt++) await w(); }`,
      // A private copy of the transient kinds.
      `const T = new Set(['network', 'timeout', 'server', 'rateLimited']);`,
    ];
    for (const text of planted) expect(plantedIn('sync/planted.ts', text)).toHaveLength(1);
    // A batch loop that catches per batch is not a retry: it moves on.
    const batches = `async function b(xs) { for (let i = 0; i < xs.length; i += 10) { try { await w(xs.slice(i, i + 10)); } catch { continue; } } }`;
    expect(plantedIn('sync/planted.ts', batches)).toEqual([]);
    // The homes may loop.
    expect(plantedIn('retry/resend.ts', planted[0]!)).toEqual([]);
  });
});

describe('functions a reader can hold', () => {
  it(`no function in src is over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files.flatMap((f) =>
      functions(f.file)
        .filter((x) => x.lines > MAX_FUNCTION_LINES)
        .map((x) => `${f.path} ${x.name}: ${x.lines} lines`),
    );
    expect(long, 'split these into named steps').toEqual([]);
  });
});
