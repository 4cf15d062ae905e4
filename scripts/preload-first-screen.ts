import { resolve } from "node:path";
import type { HtmlTagDescriptor, Plugin } from "vite";

/**
 * index.html names, beside the entry, the chunks the first screen needs (and the chunks they import):
 * the browser fetches and compiles them while the entry runs, instead of only once the entry's
 * `import()` asks for them. `modules` are the dynamic-import targets, relative to the project root.
 */
export function preloadFirstScreen(modules: readonly string[]): Plugin {
  return {
    name: "handoff:preload-first-screen",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, { bundle, chunk: entry }) {
        if (bundle === undefined || entry === undefined) return [];
        const files = new Set<string>();
        const add = (fileName: string): void => {
          const output = bundle[fileName];
          if (files.has(fileName) || output?.type !== "chunk") return;
          files.add(fileName);
          output.imports.forEach(add);
        };
        for (const module of modules) {
          const id = resolve(module);
          const found = Object.values(bundle).find((output) => output.type === "chunk" && output.facadeModuleId === id);
          if (found === undefined) throw new Error(`preloadFirstScreen: no chunk for ${module}: is it still loaded with import()?`);
          add(found.fileName);
        }
        // The entry and what it imports statically are named by Vite already.
        files.delete(entry.fileName);
        entry.imports.forEach((fileName) => files.delete(fileName));
        return [...files].map((fileName): HtmlTagDescriptor => ({ tag: "link", attrs: { rel: "modulepreload", crossorigin: true, href: `./${fileName}` }, injectTo: "head" }));
      },
    },
  };
}
