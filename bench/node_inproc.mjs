// Runs a Python file with the official MicroPython glue (loadMicroPython from the package's
// micropython.mjs) and reports, on stderr, how long runPython took in milliseconds, so the
// comparison can separate interpreter time from process and module start-up.
// Usage: node node_inproc.mjs <path to micropython.mjs> <heap bytes> <file.py>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const [gluePath, heapArg, file] = process.argv.slice(2);
const { loadMicroPython } = await import(pathToFileURL(gluePath).href);
const source = readFileSync(file, "utf8");
const chunks = [];
const mp = await loadMicroPython({ heapsize: Number(heapArg), stdout: (d) => chunks.push(Buffer.from(d)), linebuffer: false });
const started = performance.now();
let failed = false;
try {
  mp.runPython(source);
} catch (e) {
  failed = true;
  process.stderr.write(String(e.message ?? e) + "\n");
}
const elapsed = performance.now() - started;
process.stdout.write(Buffer.concat(chunks));
process.stderr.write(`@@inproc_ms=${elapsed.toFixed(3)}\n`);
process.exitCode = failed ? 1 : 0;
