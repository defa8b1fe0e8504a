/**
 * `import()` of an installed package, for the packages that load only on demand (an SDK, the chart
 * renderer, node-llama-cpp).
 *
 * The CLI runs its bundle from a V8 code cache (see bin/overthink.js), and on Node 20 code restored
 * from a cache has lost the loader that `import()` needs ("A dynamic import callback was not
 * specified"). So the CLI's loader, itself an ordinary module, hands in an `import` of its own; run
 * any other way (the library, tests, tsx), this is a plain `import()`.
 */
export function importPackage<T>(name: string): Promise<T> {
  const fromLoader = (globalThis as Record<symbol, unknown>)[LOADER_IMPORT] as
    | ((name: string) => Promise<T>)
    | undefined;
  return fromLoader ? fromLoader(name) : import(name);
}

/** Where bin/overthink.js puts its `import`. */
const LOADER_IMPORT = Symbol.for('overthink.importPackage');
