// Validates every file named on the command line in one process, so the
// validator's WebAssembly start-up (seconds) is paid once, not per document.
// Prints {"<path>": [errors…], …} as JSON.
import { readFile } from "node:fs/promises";
import validate, { getFileFormatFromName } from "@ooxml-tools/validate";

const results = {};
for (const path of process.argv.slice(2)) {
  const data = new Uint8Array(await readFile(path));
  results[path] = await validate(data, getFileFormatFromName(path), "Microsoft365");
}
process.stdout.write(JSON.stringify(results));
