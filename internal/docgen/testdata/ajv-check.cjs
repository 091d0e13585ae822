// Validates JSON instances against the generated JSON Schemas with ajv (draft
// 2020-12, strict mode, all errors). Usage: node ajv-check.cjs AJV_DIR JOBS.json
// JOBS.json: [{"schema": "path", "instance": "path", "name": "label"}, ...]
// Prints one JSON line per job: {"name", "valid", "errors": [...]}.
const path = require("path");
const fs = require("fs");
const Ajv2020 = require(path.join(process.argv[2], "node_modules", "ajv", "dist", "2020")).default;
const jobs = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: true, inlineRefs: false });
const compiled = {};
for (const job of jobs) {
  if (!compiled[job.schema]) {
    compiled[job.schema] = ajv.compile(JSON.parse(fs.readFileSync(job.schema, "utf8")));
  }
  const validate = compiled[job.schema];
  const valid = validate(JSON.parse(fs.readFileSync(job.instance, "utf8")));
  const errors = (validate.errors || []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  console.log(JSON.stringify({ name: job.name, valid, errors }));
}
