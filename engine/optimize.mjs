// Post-processes the pinned MicroPython WebAssembly build so that its garbage collector can run in the
// middle of a Python program. A conservative collector finds roots by scanning memory, but WebAssembly
// keeps locals and operand-stack values outside memory; binaryen's --spill-pointers pass writes every
// pointer-sized local to the C stack (in memory) before each call, so a scan of the C stack sees them.
// --flatten first turns operand-stack temporaries that live across a call into locals (spilling alone
// misses them), and --coalesce-locals shares spill slots so frames (and so the C stack per Python call)
// stay small. Inlining is turned off: the library's load-time rewriter (src/MicroPython.Sandbox/Engine)
// finds functions such as gc_collect and gc_get_max_new_split by their bodies, which must survive.
// Runs at build time only; nothing it writes is committed.
// Usage: node optimize.mjs <binaryen-dir> <in.wasm> <out.wasm>
import { execFileSync } from "node:child_process";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [binaryenDir, input, output] = process.argv.slice(2);
if (!output) fail("usage: node optimize.mjs <binaryen-dir> <in.wasm> <out.wasm>");

// The module's own features (checked against the pinned build): anything else is refused by wasm-opt.
const features = ["bulk-memory", "multivalue", "mutable-globals", "nontrapping-float-to-int", "reference-types", "sign-ext"];
const passes = ["--no-inline=*", "--flatten", "--simplify-locals-nonesting", "--coalesce-locals", "--spill-pointers", "-O2"];

const wasm = readFileSync(input);
const named = withStackPointerName(wasm);
const temp = `${output}.${process.pid}.tmp`;
const namedPath = `${output}.${process.pid}.named.tmp`;
try {
  writeFileSync(namedPath, named);
  try {
    execFileSync(process.execPath, [join(binaryenDir, "bin", "wasm-opt"), namedPath,
      ...features.map(f => `--enable-${f}`), ...passes, "-o", temp],
      { stdio: ["ignore", "inherit", "inherit"] });
  } catch (e) {
    fail(`wasm-opt failed on ${input}: ${e.message}`);
  }
  renameSync(temp, output);
} finally {
  rmSync(namedPath, { force: true });
  rmSync(temp, { force: true });
}

// binaryen's spill pass finds the C stack pointer by the name __stack_pointer, which the release build does
// not carry (it has no name section). Global 0 is Emscripten's stack pointer: check that it is a defined
// mutable i32 and append a name section naming it.
function withStackPointerName(bytes) {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== 0x6d736100 || bytes.readUInt32LE(4) !== 1) fail(`${input} is not a WebAssembly 1.0 binary`);
  let pos = 8, globalSection = null;
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const [size, sizeLength] = leb(bytes, pos);
    pos += sizeLength;
    const start = pos;
    pos += size;
    if (id === 2) {
      // Imported globals would come first in the index space and move the stack pointer off index 0.
      let p = start;
      const [count, n] = leb(bytes, p); p += n;
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < 2; k++) { const [len, m] = leb(bytes, p); p += m + len; }
        const kind = bytes[p++];
        if (kind === 3) fail(`${input} imports a global; global 0 is not the stack pointer`);
        if (kind === 0) { p += leb(bytes, p)[1]; }
        else if (kind === 1) { p += 1; const flags = bytes[p++]; p += leb(bytes, p)[1]; if (flags & 1) p += leb(bytes, p)[1]; }
        else if (kind === 2) { const flags = bytes[p++]; p += leb(bytes, p)[1]; if (flags & 1) p += leb(bytes, p)[1]; }
        else fail(`${input} has an import of unknown kind ${kind}`);
      }
    } else if (id === 6) {
      globalSection = start;
    } else if (id === 0) {
      const [len, m] = leb(bytes, start);
      if (bytes.toString("utf8", start + m, start + m + len) === "name") fail(`${input} already has a name section; expected the release build without one`);
    }
  }
  if (globalSection === null) fail(`${input} defines no globals`);
  const [, n] = leb(bytes, globalSection);
  if (bytes[globalSection + n] !== 0x7f || bytes[globalSection + n + 1] !== 0x01) fail(`global 0 of ${input} is not a mutable i32 stack pointer`);

  const name = Buffer.from("__stack_pointer", "utf8");
  const globalNames = Buffer.from([...uleb(1), ...uleb(0), ...uleb(name.length), ...name]);
  const sectionName = Buffer.from("name", "utf8");
  const content = Buffer.from([...uleb(sectionName.length), ...sectionName, 7, ...uleb(globalNames.length), ...globalNames]);
  return Buffer.concat([bytes, Buffer.from([0, ...uleb(content.length)]), content]);
}

function leb(bytes, pos) {
  let result = 0, shift = 0, n = 0, b;
  do {
    b = bytes[pos + n++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [result, n];
}

function uleb(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) b |= 0x80;
    out.push(b);
  } while (value);
  return out;
}

function fail(message) {
  console.error(`error MPS0003: ${message}`);
  process.exit(1);
}
