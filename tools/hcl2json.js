#!/usr/bin/env node
// hcl2json FILE...: parse each file with HashiCorp's HCL parser (@cdktf/hcl2json, WASM) and print JSON.
// Exit 1 with "FILE: message" on the first file that does not parse.

const fs = require("fs");

const { parse } = require("@cdktf/hcl2json");

async function main(files) {
  if (files.length === 0) { console.error("usage: hcl2json FILE..."); process.exit(2); }
  const out = {};
  for (const file of files) {
    try {
      out[file] = await parse(file, fs.readFileSync(file, "utf8"));
    } catch (err) {
      console.error(`${file}: ${String(err && err.message ? err.message : err).trim()}`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(files.length === 1 ? out[files[0]] : out, null, 2) + "\n");
}
main(process.argv.slice(2));
