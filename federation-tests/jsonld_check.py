"""Checks that every term of our JSON-LD documents is defined by the @context they carry.

Reads {"documents": [{"label": ..., "doc": {...}}, ...]} on stdin, expands each document with
PyLD, offline: the document loader serves only the contexts stored in federation-tests/contexts/
and refuses any other URL. A term the context does not define is lost to every JSON-LD
consumer (Friendica, for one, reads what it receives only after expansion): the ActivityStreams
context maps such terms to blank-node IRIs (its "@vocab" is "_:"), which are not data. The same
goes for `type` values.

Prints one line per undefined term or type, with where it was found. Exit status: 0 when every
term is defined, 1 when some are not, 2 when a document cannot be expanded at all.
"""

import json
import os
import sys

from pyld import jsonld

HERE = os.path.dirname(os.path.abspath(__file__))
CONTEXTS = {
    "https://www.w3.org/ns/activitystreams": "activitystreams.jsonld",
    "https://w3id.org/security/v1": "security-v1.jsonld",
}


def load_stored(url, options=None):
    key = url.split("#", 1)[0].rstrip("/")
    if key.endswith(".jsonld"):
        key = key[: -len(".jsonld")]
    name = CONTEXTS.get(key)
    if name is None:
        raise jsonld.JsonLdError(
            f"context {url} is not stored in federation-tests/contexts/ (no network here)",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    with open(os.path.join(HERE, "contexts", name), encoding="utf-8") as f:
        document = json.load(f)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
    }


OPTIONS = {"documentLoader": load_stored}


def defined(iri):
    """An expanded term or type is data only if it is a keyword or an absolute IRI."""
    if iri is None:
        return False
    if iri.startswith("@"):
        return True
    return ":" in iri and not iri.startswith("_:")


def check(label, doc):
    problems = []
    jsonld.expand(doc, OPTIONS)  # raises on anything a processor refuses outright
    processor = jsonld.JsonLdProcessor()
    active = processor.process_context(
        processor._get_initial_context(OPTIONS), doc.get("@context"), dict(OPTIONS)
    )

    def walk(node, path):
        if isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]")
            return
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key == "@context":
                continue
            iri = processor._expand_iri(active, key, vocab=True)
            if not defined(iri):
                problems.append(f"{label}: {path}.{key}: term not defined by @context")
                continue
            if iri == "@type":
                for t in value if isinstance(value, list) else [value]:
                    if isinstance(t, str) and not defined(
                        processor._expand_iri(active, t, vocab=True)
                    ):
                        problems.append(f"{label}: {path}.type: type {t!r} not defined by @context")
                continue
            mapping = active["mappings"].get(key) or {}
            container = mapping.get("@container") or []
            if "@language" in container or "@index" in container or mapping.get("@type") == "@json":
                # Keys of a language or index map are not terms.
                continue
            if value is None:
                problems.append(f"{label}: {path}.{key}: null, dropped by expansion")
                continue
            walk(value, f"{path}.{key}")

    walk(doc, "$")
    return problems


def main():
    payload = json.load(sys.stdin)
    problems = []
    for item in payload["documents"]:
        try:
            problems.extend(check(item["label"], item["doc"]))
        except jsonld.JsonLdError as exc:
            print(f"{item['label']}: cannot be expanded: {exc}")
            return 2
    for p in problems:
        print(p)
    print(f"{len(payload['documents'])} documents, {len(problems)} undefined terms", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
