// Fetches a pinned npm package (the MicroPython WebAssembly build, or binaryen) with npm, checks its
// integrity against the pinned hash and unpacks it into an output folder. Runs at build time only;
// nothing it writes is committed.
// Usage: node fetch.mjs <package> <version> <sha512-integrity> <out-dir> [<file the package must hold>]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";

const [pkg, version, integrity, outDir, required = "micropython.wasm"] = process.argv.slice(2);
if (!outDir) fail("usage: node fetch.mjs <package> <version> <integrity> <out-dir> [<required-file>]");

const stamp = join(outDir, ".integrity");
if (existsSync(stamp) && readFileSync(stamp, "utf8") === integrity && existsSync(join(outDir, required))) {
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), "mpsandbox-engine-"));
try {
  let packed;
  try {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const out = execFileSync(npm, ["pack", `${pkg}@${version}`, "--silent", "--pack-destination", work],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], shell: process.platform === "win32" });
    packed = join(work, out.trim().split(/\r?\n/).pop());
  } catch (e) {
    fail(`could not fetch ${pkg}@${version} with npm (is npm installed and the registry reachable?): ${e.message}`);
  }

  const tgz = readFileSync(packed);
  const actual = "sha512-" + createHash("sha512").update(tgz).digest("base64");
  if (actual !== integrity) fail(`integrity mismatch for ${pkg}@${version}: expected ${integrity}, got ${actual}`);

  const files = untar(gunzipSync(tgz));
  const staging = outDir.replace(/[\\/]+$/, "") + ".tmp-" + process.pid;
  mkdirSync(staging, { recursive: true });
  for (const [name, data] of files) {
    if (!name.startsWith("package/") || name.includes("..")) continue;
    const rel = name.slice("package/".length);
    if (!rel || rel.startsWith("/") || rel.includes("\\") || rel.split("/").some(p => p === "" || p === "." || p === "..")) continue;
    mkdirSync(dirname(join(staging, rel)), { recursive: true });
    writeFileSync(join(staging, rel), data);
  }
  if (!existsSync(join(staging, required))) fail(`the package holds no ${required}`);
  writeFileSync(join(staging, ".integrity"), integrity);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Minimal ustar reader: regular files only, which is all an npm tarball holds.
function untar(buf) {
  const files = [];
  for (let off = 0; off + 512 <= buf.length;) {
    const header = buf.subarray(off, off + 512);
    if (header.every(b => b === 0)) break;
    const field = (s, n) => header.subarray(s, s + n).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const prefix = field(345, 155);
    const name = (prefix ? prefix + "/" : "") + field(0, 100);
    const type = String.fromCharCode(header[156] || 48);
    if (type === "0") files.push([name, buf.subarray(off + 512, off + 512 + size)]);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

function fail(message) {
  console.error(`error MPS0001: ${message}`);
  process.exit(1);
}
