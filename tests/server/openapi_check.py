"""Checks HTTP responses against an OpenAPI 3.0 document, with the standard library only.

Implements the subset of JSON Schema (OpenAPI 3.0 flavour) the Jaring document uses: type,
nullable, enum, required, properties, additionalProperties (bool or schema), items, oneOf,
anyOf, allOf, $ref (local), pattern, minimum, maximum, format date. Anything else in a schema
is an error, so that the checker never silently accepts what it does not understand.

`nullable` is read strictly, as OpenAPI 3.0.3 defines it: `nullable: true` adds null to the
`type` of the same Schema Object, so null is allowed only where a schema has both; the other
keywords keep their meaning (an `enum` must list null, every `allOf`/`oneOf`/`anyOf` member is
checked against null). `nullable` without `type` is an error of the document, reported as
such; so are unknown keywords and types, even inside a `oneOf`/`anyOf` alternative.
"""
import json
import re

KNOWN_KEYWORDS = {
    "type", "nullable", "enum", "required", "properties", "additionalProperties", "items",
    "oneOf", "anyOf", "allOf", "$ref", "pattern", "minimum", "maximum", "format",
    "description", "example", "default", "title",
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Responses any request may get, by status, and their component in the document.
HTTP_PROBLEMS = {400: "BadRequest", 404: "NotFound", 405: "MethodNotAllowed", 408: "Timeout",
                 414: "UriTooLong", 431: "HeadersTooLarge", 501: "NotImplemented", 503: "Unavailable"}


class DocumentError(str):
    """An error of the document itself (not of the value checked against it)."""


class OpenApi:
    def __init__(self, doc):
        self.doc = doc

    def resolve(self, ref):
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported: {ref}")
        node = self.doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    # ---- schema validation -----------------------------------------------------------------
    def validate(self, value, schema, where="$"):
        """Returns a list of error strings (empty when `value` matches `schema`)."""
        unknown = set(schema) - KNOWN_KEYWORDS
        if unknown:
            return [DocumentError(f"{where}: schema uses unsupported keywords {sorted(unknown)}")]
        if "$ref" in schema:
            return self.validate(value, self.resolve(schema["$ref"]), where)
        if "nullable" in schema and "type" not in schema:
            return [DocumentError(f"{where}: the document's schema {json.dumps(schema)[:120]} has `nullable` without "
                                  "`type`, which OpenAPI 3.0.3 gives no meaning (null is allowed only next to a type)")]
        errors = []
        for sub in schema.get("allOf", []):
            errors += self.validate(value, sub, where)
        if "oneOf" in schema:
            matches = 0
            for sub in schema["oneOf"]:
                sub_errors = self.validate(value, sub, where)
                errors += [e for e in sub_errors if isinstance(e, DocumentError)]
                matches += not sub_errors
            if matches != 1:
                errors.append(f"{where}: matches {matches} of the oneOf alternatives, not exactly 1")
        if "anyOf" in schema:
            alternatives = [self.validate(value, sub, where) for sub in schema["anyOf"]]
            errors += [e for sub_errors in alternatives for e in sub_errors if isinstance(e, DocumentError)]
            if all(alternatives):
                errors.append(f"{where}: matches none of the anyOf alternatives")
        if "type" in schema:
            type_errors = self.check_type(value, schema["type"], where, schema.get("nullable") is True)
            if type_errors:
                return errors + type_errors
        if "enum" in schema and value not in schema["enum"]:
            errors.append(f"{where}: {value!r} is not one of {schema['enum']}")
        errors += self.check_scalar(value, schema, where)
        if isinstance(value, dict):
            errors += self.check_object(value, schema, where)
        if isinstance(value, list) and "items" in schema:
            for i, item in enumerate(value):
                errors += self.validate(item, schema["items"], f"{where}[{i}]")
        return errors

    @staticmethod
    def check_type(value, expected, where, nullable=False):
        """`nullable` (the same schema's `nullable: true`) adds null to the type."""
        ok = {
            "object": isinstance(value, dict),
            "array": isinstance(value, list),
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
        }.get(expected)
        if ok is None:
            return [DocumentError(f"{where}: unsupported type {expected!r}")]
        if value is None and nullable:
            return []
        return [] if ok else [f"{where}: expected {expected}, found {type(value).__name__} {str(value)[:60]!r}"]

    @staticmethod
    def check_scalar(value, schema, where):
        errors = []
        if isinstance(value, str):
            if "pattern" in schema and not re.search(schema["pattern"], value):
                errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
            if schema.get("format") == "date" and not DATE.match(value):
                errors.append(f"{where}: {value!r} is not a date YYYY-MM-DD")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                errors.append(f"{where}: {value} < minimum {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                errors.append(f"{where}: {value} > maximum {schema['maximum']}")
        return errors

    def check_object(self, value, schema, where):
        errors = [f"{where}: missing required property {name!r}" for name in schema.get("required", []) if name not in value]
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in props:
                errors += self.validate(item, props[name], f"{where}.{name}")
            elif extra is False:
                errors.append(f"{where}: unexpected property {name!r}")
            elif isinstance(extra, dict):
                errors += self.validate(item, extra, f"{where}.{name}")
        return errors

    # ---- responses -------------------------------------------------------------------------
    def operation(self, method, path):
        """The path template and operation for a concrete path, or (None, None)."""
        # The most specific template first (`/v1/jobs/{job}/result` before `/v1/jobs/{job}`).
        for template, item in sorted(self.doc["paths"].items(), key=lambda t: -len(t[0])):
            # `{id}` may contain `/` (policy ids are paths); `{job}` may not.
            pattern = "^" + re.escape(template) + "$"
            pattern = pattern.replace(r"\{job\}", "([^/]+)")
            pattern = re.sub(r"\\\{[^}]+\\\}", "(.+)", pattern)
            if re.match(pattern, path) and method.lower() in item:
                return template, item[method.lower()]
        return None, None

    def check_response(self, method, path, status, content_type, body):
        """Errors of one response (body as bytes); [] when the document describes it."""
        path = path.split("?")[0]
        template, op = self.operation(method, path)
        media = (content_type or "").split(";")[0].strip()
        if op is None:
            # Undocumented method or path: a problem from routing (404/405) or from HTTP itself.
            if status not in HTTP_PROBLEMS:
                return [f"{method} {path[:80]}: not in the document and status {status} is not one of {sorted(HTTP_PROBLEMS)}"]
            spec = self.resolve("#/components/responses/" + HTTP_PROBLEMS[status])
        else:
            responses = op["responses"]
            spec = responses.get(str(status)) or responses.get("default")
            if spec is None:
                return [f"{method} {template}: status {status} is not documented"]
            if "$ref" in spec:
                spec = self.resolve(spec["$ref"])
        content = spec.get("content")
        if not content:
            return [] if not body else [f"{method} {path} {status}: a body where none is documented"]
        if media not in content:
            return [f"{method} {path} {status}: content type {media!r} is not one of {sorted(content)}"]
        if media == "application/x-ndjson":
            # JSON Lines: every line is one value of the schema.
            errors = []
            for n, line in enumerate(body.decode("utf-8").splitlines(), 1):
                try:
                    value = json.loads(line)
                except ValueError as e:
                    return [f"{method} {path} {status}: line {n} is not JSON ({e})"]
                errors += self.validate(value, content[media]["schema"], f"{method} {path} {status} line {n}")
            return errors
        if not media.endswith("json"):
            return self.validate(body.decode("utf-8"), content[media]["schema"], f"{method} {path} {status}")
        try:
            value = json.loads(body)
        except ValueError as e:
            return [f"{method} {path} {status}: body is not JSON ({e})"]
        return self.validate(value, content[media]["schema"], f"{method} {path} {status}")


def self_test(api):
    """The checker must be able to fail: a few wrong values it has to refuse."""
    decision = {"$ref": "#/components/schemas/Decision"}
    problem = {"$ref": "#/components/schemas/Problem"}
    wrong = [
        ({}, decision),                                    # required properties missing
        ({"type": "x", "title": "t", "status": "400", "detail": "d"}, problem),  # status is a string
        ({"type": "x", "title": "t", "status": 200, "detail": "d"}, problem),    # below minimum
        ([1], {"type": "array", "items": {"type": "string"}}),
        ({"a": 1}, {"type": "object", "properties": {}, "additionalProperties": False}),
        ("2024-13", {"type": "string", "format": "date"}),
        (None, {"type": "string"}),
        (True, {"type": "integer"}),
        ("maybe", {"type": "string", "enum": ["yes", "no"]}),
        ({"x": 1}, {"oneOf": [{"type": "object"}, {"type": "object"}]}),
        # OpenAPI 3.0.3: null only where the same schema has `nullable: true` and a `type`,
        (None, {"$ref": "#/components/schemas/Rule"}),
        (None, {"type": "string", "nullable": False}),
        # and the other keywords still apply to it.
        (None, {"type": "string", "nullable": True, "enum": ["yes", "no"]}),
        (None, {"type": "object", "nullable": True, "allOf": [{"$ref": "#/components/schemas/Rule"}]}),
    ]
    for value, schema in wrong:
        if not api.validate(value, schema):
            raise AssertionError(f"the checker accepted {value!r} against {schema!r}")
    # `nullable` without `type` is an error of the document, for any value, even in an
    # alternative that is not the one matching.
    rule = {"$ref": "#/components/schemas/Rule"}
    rule_value = {"rule": "r", "label": "l", "citation": ""}
    untyped = [
        (None, {"nullable": True}),
        (None, {"oneOf": [rule], "nullable": True}),
        (rule_value, {"oneOf": [rule], "nullable": True}),
        ("x", {"oneOf": [{"type": "string"}, {"nullable": True}]}),
        ("x", {"anyOf": [{"type": "string"}, {"nullable": True}]}),
    ]
    for value, schema in untyped:
        errors = api.validate(value, schema)
        if not any(isinstance(e, DocumentError) and "`nullable` without `type`" in e for e in errors):
            raise AssertionError(f"the checker did not report `nullable` without `type` in {schema!r}: {errors}")
    right = [
        (None, {"type": "string", "nullable": True}),
        ({"x": 1}, {"type": "object"}),
        (None, {"type": "string", "nullable": True, "enum": ["yes", None]}),
        (None, {"oneOf": [{"type": "string", "nullable": True}, {"type": "integer"}]}),
    ]
    for value, schema in right:
        errors = api.validate(value, schema)
        if errors:
            raise AssertionError(f"the checker refused {value!r}: {errors}")
    if not api.check_response("GET", "/v1/policies", 418, "application/json", b"{}"):
        raise AssertionError("the checker accepted an undocumented status")
