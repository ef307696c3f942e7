#!/usr/bin/env node
// Validates an OpenAPI 3.0.x document (JSON):
//
//     node tools/openapi/validate.mjs engine/server/openapi.json
//
// 1. against the OpenAPI 3.0 JSON Schema (2021-09-28) with @seriousme/openapi-schema-validator,
//    the version pinned in package-lock.json (installed by ./setup.sh: `npm ci`), every error
//    reported (not only the first), then every local $ref resolved;
// 2. then the rules of OpenAPI 3.0.3 that a JSON Schema cannot express, on every Schema Object:
//    - `nullable` only has a meaning next to `type` in the same Schema Object ("A true value adds
//      "null" to the allowed type specified by the type keyword, only if type is explicitly
//      defined within the same Schema Object"), so `nullable` without `type` is an error;
//    - a Reference Object cannot be extended: keywords next to `$ref` are ignored, an error;
//    - a `oneOf` or `anyOf` with a single member offers no choice: write the member itself;
//    and every local `$ref` of the document must resolve (the validator names only the first
//    that does not, without its place).
//
// Prints every error with its location (a JSON Pointer into the document); exit 0 when there is
// none, 1 on any error (also when the validator is not installed), 2 on a usage error.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const PACKAGE = "@seriousme/openapi-schema-validator";

function fail(message) {
  console.error(`validate.mjs: ${message}`);
  process.exit(1);
}

// ---- the validator, as pinned -------------------------------------------------------------------
function pinnedVersion() {
  const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
  return lock.packages[`node_modules/${PACKAGE}`].version;
}

async function loadValidator() {
  const wanted = pinnedVersion();
  let installed;
  try {
    installed = JSON.parse(readFileSync(join(here, "node_modules", PACKAGE, "package.json"), "utf8")).version;
  } catch {
    fail(`${PACKAGE} is not installed in tools/openapi/node_modules: run ./setup.sh`);
  }
  if (installed !== wanted) {
    fail(`tools/openapi/node_modules has ${PACKAGE} ${installed}, package-lock.json pins ${wanted}: run ./setup.sh`);
  }
  try {
    const { Validator } = await import(PACKAGE);
    return { Validator, version: installed };
  } catch (e) {
    fail(`cannot load ${PACKAGE} from tools/openapi/node_modules (${e.message}): run ./setup.sh`);
  }
}

// ---- locations ----------------------------------------------------------------------------------
const pointer = (parts) => (parts.length ? "/" + parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/") : "");

// ---- OpenAPI 3.0.3 rules on Schema Objects ------------------------------------------------------
function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Every Schema Object of the document: the values of components.schemas, every `schema` of a
// parameter, header or media type, and their subschemas. Examples are values, not schemas.
function schemaRuleErrors(doc) {
  const errors = [];
  const checkSchema = (schema, at) => {
    if (!isObject(schema)) return;
    if ("$ref" in schema) {
      const others = Object.keys(schema).filter((k) => k !== "$ref");
      if (others.length) {
        errors.push({ at, message: `keywords next to $ref are ignored in OpenAPI 3.0 (a Reference Object cannot be extended): ${others.join(", ")}` });
      }
      return;
    }
    if ("nullable" in schema && !("type" in schema)) {
      errors.push({ at, message: "`nullable` without `type` in the same Schema Object has no meaning in OpenAPI 3.0.3: give the type" });
    }
    for (const key of ["oneOf", "anyOf"]) {
      if (Array.isArray(schema[key]) && schema[key].length === 1) {
        errors.push({ at: [...at, key], message: `a ${key} with a single member offers no choice: write the member itself` });
      }
    }
    for (const key of ["allOf", "oneOf", "anyOf"]) {
      if (Array.isArray(schema[key])) schema[key].forEach((sub, i) => checkSchema(sub, [...at, key, i]));
    }
    for (const key of ["items", "not", "additionalProperties"]) {
      if (isObject(schema[key])) checkSchema(schema[key], [...at, key]);
    }
    if (isObject(schema.properties)) {
      for (const [name, sub] of Object.entries(schema.properties)) checkSchema(sub, [...at, "properties", name]);
    }
  };
  const walk = (node, at) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, [...at, i]));
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "example" || key === "examples" || key.startsWith("x-")) continue;
      if (key === "schema") {
        checkSchema(value, [...at, key]);
      } else if (key === "schemas" && at.length === 1 && at[0] === "components" && isObject(value)) {
        for (const [name, schema] of Object.entries(value)) checkSchema(schema, [...at, key, name]);
      } else {
        walk(value, [...at, key]);
      }
    }
  };
  walk(doc, []);
  return errors;
}

// Every local $ref (`#/...`) that does not resolve, with its place.
function unresolvedRefs(doc) {
  const errors = [];
  const resolves = (ref) => {
    let node = doc;
    for (const part of ref.slice(2).split("/")) {
      const key = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
      if (!isObject(node) && !Array.isArray(node)) return false;
      if (!Object.prototype.hasOwnProperty.call(node, key)) return false;
      node = node[key];
    }
    return true;
  };
  const walk = (node, at) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...at, i]));
    if (!isObject(node)) return;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/") && !resolves(node.$ref)) {
      errors.push({ at: [...at, "$ref"], message: `${node.$ref} does not resolve` });
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== "example" && key !== "examples") walk(value, [...at, key]);
    }
  };
  walk(doc, []);
  return errors;
}

// ---- main ---------------------------------------------------------------------------------------
const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith("-")) {
  console.error("usage: node tools/openapi/validate.mjs FILE.json");
  process.exit(2);
}
const file = args[0];
let doc;
try {
  doc = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  fail(`${file}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
}
if (!isObject(doc) || typeof doc.openapi !== "string" || !/^3\.0\.\d+$/.test(doc.openapi)) {
  fail(`${file}: not an OpenAPI 3.0.x document (\`openapi\` is ${JSON.stringify(doc?.openapi)})`);
}

const { Validator, version } = await loadValidator();
const validator = new Validator({ allErrors: true });
// A copy: the validator may annotate what it is given.
const result = await validator.validate(structuredClone(doc));
const errors = [];
const refErrors = unresolvedRefs(doc);
if (!result.valid) {
  if (typeof result.errors === "string") {
    // The validator names the first $ref that does not resolve: refErrors has them all, placed.
    if (!(refErrors.length && /resolve/i.test(result.errors))) {
      errors.push({ at: null, message: result.errors });
    }
  } else {
    for (const e of result.errors ?? []) {
      errors.push({ at: e.instancePath, message: `${e.message} (${e.keyword} ${JSON.stringify(e.params)}, at ${e.schemaPath} of the OpenAPI 3.0 schema)` });
    }
  }
}
for (const e of [...refErrors, ...schemaRuleErrors(doc)]) errors.push({ at: pointer(e.at), message: e.message });

for (const e of errors) {
  console.log(`${file}: ${e.at === null ? "" : `#${e.at}: `}${e.message}`);
}
const by = `${PACKAGE} ${version}, and the OpenAPI 3.0.3 rules of validate.mjs`;
if (errors.length) {
  console.log(`${file}: ${errors.length} error${errors.length === 1 ? "" : "s"} (${by})`);
  process.exit(1);
}
console.log(`${file}: a valid OpenAPI ${doc.openapi} document, 0 errors (${by})`);
