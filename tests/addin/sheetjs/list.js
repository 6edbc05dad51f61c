// Every entry SheetJS's cfb reads in a compound file: path, type, size, and the stream's bytes in hex.
const fs = require("fs");
const CFB = require("cfb");

const warnings = [];
console.warn = (...args) => warnings.push(args.join(" "));
const file = CFB.read(fs.readFileSync(process.argv[2]), { type: "buffer" });
const entries = file.FileIndex.map((entry, i) => ({
  path: file.FullPaths[i],
  type: entry.type,
  size: entry.size,
  content: entry.type === 2 ? Buffer.from(entry.content || []).toString("hex") : null,
}));
process.stdout.write(JSON.stringify({ entries, warnings }));
