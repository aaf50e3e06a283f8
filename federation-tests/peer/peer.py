#!/usr/bin/env python3
"""Independent ActivityPub peer for Palabre's federation tests.

It shares no code with the Rust node: signatures are made and checked with
the `httpsig` library (cavage draft), and made with `http-message-signatures`
(RFC 9421) when a control asks for it, so a bug in our signing or verifying
code cannot be hidden by the same bug on the other side. The test driver
steers it through the unsigned /control/* routes: follow, undo-follow, send, received, stats.
"""
import argparse
import base64
import email.utils
import hashlib
import ipaddress
import json
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from Crypto.PublicKey import RSA
import http_message_signatures as hms
from http_message_signatures import algorithms as hms_algorithms
from httpsig import HeaderSigner, HeaderVerifier
from httpsig.utils import parse_signature_header

AP_JSON = "application/activity+json"
CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"]
GET_HEADERS = ["(request-target)", "host", "date"]
POST_HEADERS = ["(request-target)", "host", "date", "digest", "content-type"]
REQUIRED_INBOX_HEADERS = ["(request-target)", "host", "date", "digest"]
MAX_CLOCK_SKEW = 3600

ORIGIN = ""
ACTORS = []
PRIVATE_PEM = PUBLIC_PEM = ""
LOCK = threading.Lock()
RECEIVED = {}   # actor name -> list of distinct activities, arrival order
SEEN = {}       # actor name -> set of activity ids already recorded
TOTALS = {}     # actor name -> deliveries including duplicates
FAILURES = []
KEY_CACHE = {}  # keyId -> (pem, owner)
KEY_LOCKS = {}  # keyId -> lock, so 50 parallel deliveries fetch the key once


def actor_url(name):
    return f"{ORIGIN}/users/{name}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect could point anywhere; we only ever talk to loopback.
    def redirect_request(self, *args, **kwargs):
        return None


# No proxies: an http_proxy in the environment must not swallow loopback traffic.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect())


def route(url):
    """Return (url to connect to, Host header value) or raise for non-loopback."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    host_header = parts.netloc.rsplit("@", 1)[-1]
    if host.endswith(".localhost"):
        # The system resolver does not know *.localhost; keep the name in Host.
        port = f":{parts.port}" if parts.port else ""
        return urllib.parse.urlunsplit(parts._replace(netloc=f"127.0.0.1{port}")), host_header
    if host != "localhost":
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise ValueError
        except ValueError:
            raise ValueError(f"refusing non-loopback destination {url}") from None
    return url, host_header


class Message:
    """What http-message-signatures signs: a method, the URL as the receiver sees it, headers."""

    def __init__(self, method, url, headers):
        self.method, self.url, self.headers = method, url, headers


def request(method, url, body=None, sign_as=None, tamper=False, rfc9421=False):
    """Send a request, signed as actor `sign_as` if given (cavage, or RFC 9421 as Mastodon
    4.5 signs: @method, @target-uri, content-digest, created, keyid); return (status, text)."""
    target, host_header = route(url)
    parts = urllib.parse.urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    headers = {"Host": host_header, "Date": email.utils.formatdate(usegmt=True),
               "Accept": AP_JSON}
    signed = GET_HEADERS
    if body is not None:
        headers["Content-Type"] = AP_JSON
        headers["Digest"] = "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
        signed = POST_HEADERS
    if sign_as and rfc9421:
        key_id = f"{actor_url(sign_as)}#main-key"
        signer = hms.HTTPMessageSigner(
            signature_algorithm=hms_algorithms.RSA_V1_5_SHA256,
            key_resolver=hms.MappingKeyResolver(public_keys={}, private_keys={key_id: PRIVATE_PEM.encode()}))
        headers.pop("Digest", None)
        message = Message(method, url, headers)
        signer.sign(message, key_id=key_id, label="sig1", body=body,
                    covered_component_ids=("@method", "@target-uri"))
        headers = dict(message.headers)
    elif sign_as:
        signer = HeaderSigner(f"{actor_url(sign_as)}#main-key", PRIVATE_PEM, algorithm="rsa-sha256",
                              headers=signed, sign_header="signature")
        headers = dict(signer.sign(headers, host=host_header, method=method, path=path))
    if tamper and body is not None:
        # Change the body after Digest and Signature were computed over the original.
        body = body.replace(b"}", b',"tampered":true}', 1) if b"}" in body else body + b" "
    req = urllib.request.Request(target, data=body, method=method, headers=headers)
    try:
        with OPENER.open(req, timeout=15) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def fetch_json(url, sign_as="u1"):
    status, text = request("GET", url, sign_as=sign_as)
    if status != 200:
        raise ValueError(f"GET {url} returned {status}: {text[:200]}")
    return json.loads(text)


def id_of(value):
    return value.get("id") if isinstance(value, dict) else value


def fetch_key(key_id):
    """Return (publicKeyPem, owner) for a keyId, fetching it once per keyId."""
    with LOCK:
        if key_id in KEY_CACHE:
            return KEY_CACHE[key_id]
        key_lock = KEY_LOCKS.setdefault(key_id, threading.Lock())
    with key_lock:
        with LOCK:
            if key_id in KEY_CACHE:
                return KEY_CACHE[key_id]
        doc = fetch_json(key_id.split("#", 1)[0])
        if "publicKeyPem" in doc:  # keyId pointed at a standalone key document
            key, owner = doc, id_of(doc.get("owner"))
        else:
            keys = doc.get("publicKey")
            keys = keys if isinstance(keys, list) else [keys]
            key = next((k for k in keys if isinstance(k, dict) and k.get("id") == key_id), None)
            if key is None:
                raise ValueError(f"no publicKey with id {key_id} in {doc.get('id')}")
            owner = doc.get("id")
        if id_of(key.get("owner")) not in (None, owner):
            raise ValueError(f"key owner {key.get('owner')} is not {owner}")
        result = (key["publicKeyPem"], owner)
        with LOCK:
            KEY_CACHE[key_id] = result
        return result


def verify_inbox_post(handler, body):
    """Check signature, digest and date; return (activity, None) or (None, reason)."""
    headers = {k: v for k, v in reversed(handler.headers.items())}  # first value wins
    lower = {k.lower(): v for k, v in headers.items()}
    if "signature" not in lower:
        return None, "missing Signature header"
    params = parse_signature_header(lower["signature"])
    if "keyId" not in params or "signature" not in params:
        return None, f"malformed Signature header: {lower['signature']}"
    signed = params.get("headers", "date").lower().split()
    missing = [h for h in REQUIRED_INBOX_HEADERS if h not in signed]
    if missing:
        return None, f"signed headers lack {missing}: {signed}"
    digests = dict(d.strip().split("=", 1) for d in lower.get("digest", "").split(",") if "=" in d)
    digests = {k.upper(): v for k, v in digests.items()}
    expected = base64.b64encode(hashlib.sha256(body).digest()).decode()
    if digests.get("SHA-256") != expected:
        return None, f"Digest mismatch: got {lower.get('digest')!r}, body hashes to {expected}"
    try:
        skew = abs(time.time() - email.utils.parsedate_to_datetime(lower.get("date", "")).timestamp())
    except (TypeError, ValueError):
        return None, f"unparseable Date {lower.get('date')!r}"
    if skew > MAX_CLOCK_SKEW:
        return None, f"Date {lower['date']} is {int(skew)}s away from now"
    algorithm = params.get("algorithm", "hs2019").lower()
    if algorithm == "hs2019":
        # httpsig only knows named algorithms; hs2019 with an RSA key means rsa-sha256.
        params["algorithm"] = "rsa-sha256"
        headers = {k: v for k, v in headers.items() if k.lower() != "signature"}
        headers["Signature"] = ",".join(f'{k}="{params[k]}"' for k in
                                        ("keyId", "algorithm", "headers", "signature") if k in params)
    try:
        pem, owner = fetch_key(params["keyId"])
    except Exception as exc:  # noqa: BLE001 - any fetch problem is a verification failure
        return None, f"key fetch failed for {params['keyId']}: {exc}"
    try:
        ok = HeaderVerifier(headers, pem, required_headers=REQUIRED_INBOX_HEADERS, method="POST",
                            path=handler.path, host=lower.get("host"),
                            sign_header="signature").verify()
    except Exception as exc:  # noqa: BLE001 - httpsig raises bare Exception for missing headers
        return None, f"signature check error: {exc}"
    if not ok:
        return None, f"signature does not verify with key {params['keyId']}"
    try:
        activity = json.loads(body)
    except ValueError:
        return None, "body is not JSON"
    if not isinstance(activity, dict):
        return None, "body is not a JSON object"
    if id_of(activity.get("actor")) != owner:
        return None, f"activity actor {activity.get('actor')} is not key owner {owner}"
    return activity, None


class Handler(BaseHTTPRequestHandler):
    server_version = "palabre-test-peer/1"

    note = ""  # appended to the request's log line, e.g. why an inbox POST was refused

    def log_message(self, fmt, *args):
        sys.stderr.write(f"[peer {ORIGIN}] {fmt % args}{self.note}\n")
        sys.stderr.flush()

    def reply(self, status, payload, content_type="application/json"):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                chunk = self.rfile.read(size + 2)[:size]
                if size == 0:
                    return b"".join(chunks)
                chunks.append(chunk)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self):
        self.dispatch(self.handle_get)

    def do_POST(self):
        self.dispatch(self.handle_post)

    def dispatch(self, fn):
        try:
            fn(urllib.parse.urlsplit(self.path))
        except Exception as exc:  # noqa: BLE001 - the test driver wants the message, not a hang
            self.note = f" error: {type(exc).__name__}: {exc}"
            self.reply(500, {"error": f"{type(exc).__name__}: {exc}"})

    def handle_get(self, url):
        query = urllib.parse.parse_qs(url.query)
        segs = url.path.strip("/").split("/")
        if url.path == "/.well-known/webfinger":
            resource = query.get("resource", [""])[0]
            name, _, domain = resource.removeprefix("acct:").partition("@")
            netloc = urllib.parse.urlsplit(ORIGIN).netloc
            if resource.startswith(ORIGIN + "/users/"):  # resolving an actor URL is allowed too
                name, domain = resource.rsplit("/", 1)[-1], netloc
            if name in ACTORS and domain in (netloc, netloc.split(":")[0]):
                return self.reply(200, {"subject": f"acct:{name}@{netloc}", "links": [
                    {"rel": "self", "type": AP_JSON, "href": actor_url(name)}]}, "application/jrd+json")
        elif segs[0] == "users" and len(segs) >= 2 and segs[1] in ACTORS:
            base = actor_url(segs[1])
            if len(segs) == 2:
                return self.reply(200, {
                    "@context": CONTEXT, "id": base, "type": "Person", "preferredUsername": segs[1],
                    "inbox": f"{base}/inbox", "outbox": f"{base}/outbox",
                    "followers": f"{base}/followers", "following": f"{base}/following",
                    "publicKey": {"id": f"{base}#main-key", "owner": base, "publicKeyPem": PUBLIC_PEM},
                }, AP_JSON)
            if len(segs) == 3 and segs[2] in ("outbox", "followers", "following"):
                return self.reply(200, {"@context": CONTEXT[0], "id": f"{base}/{segs[2]}",
                                        "type": "OrderedCollection", "totalItems": 0,
                                        "orderedItems": []}, AP_JSON)
        elif url.path == "/control/received":
            name = query.get("actor", [""])[0]
            with LOCK:
                return self.reply(200, {"activities": list(RECEIVED.get(name, []))})
        elif url.path == "/control/stats":
            with LOCK:
                return self.reply(200, {
                    "per_actor": {n: {"distinct": len(RECEIVED[n]), "total": TOTALS[n]} for n in ACTORS},
                    "failures": list(FAILURES)})
        self.reply(404, {"error": f"no route for GET {url.path}"})

    def handle_post(self, url):
        body = self.read_body()
        segs = url.path.strip("/").split("/")
        if len(segs) == 3 and segs[0] == "users" and segs[2] == "inbox" and segs[1] in ACTORS:
            return self.inbox(segs[1], body)
        if url.path.startswith("/control/"):
            return self.control(url.path.removeprefix("/control/"), json.loads(body or b"{}"))
        self.reply(404, {"error": f"no route for POST {url.path}"})

    def inbox(self, name, body):
        activity, reason = verify_inbox_post(self, body)
        with LOCK:
            if activity is None:
                FAILURES.append({"actor": name, "reason": reason})
            else:
                TOTALS[name] += 1
                # Activities without an id cannot be deduplicated; key them by content.
                key = activity.get("id") or json.dumps(activity, sort_keys=True)
                if key not in SEEN[name]:
                    SEEN[name].add(key)
                    RECEIVED[name].append(activity)
        if activity is None:
            self.note = f" rejected: {reason}"
            return self.reply(401, {"error": reason})
        self.reply(202, {"status": "accepted"})

    def control(self, op, cmd):
        name = cmd.get("actor", "u1")
        if name not in ACTORS:
            return self.reply(400, {"error": f"unknown actor {name}"})
        me = actor_url(name)
        if op in ("follow", "undo-follow"):
            target = cmd["target"]
            inbox = fetch_json(target, sign_as=name)["inbox"]
            follow = {"id": cmd.get("follow_id") or f"{me}/follows/{uuid.uuid4()}",
                      "type": "Follow", "actor": me, "object": target}
            activity = {"@context": CONTEXT[0], **follow}
            if op == "undo-follow":
                activity = {"@context": CONTEXT[0], "id": f"{me}/undos/{uuid.uuid4()}",
                            "type": "Undo", "actor": me, "object": follow}
            sign, tamper = True, False
            rfc9421 = cmd.get("signature") == "rfc9421"
        elif op == "send":
            inbox, activity = cmd["inbox"], cmd["activity"]
            sign, tamper = cmd.get("sign", True), cmd.get("tamper", False)
            rfc9421 = cmd.get("signature") == "rfc9421"
        else:
            return self.reply(404, {"error": f"unknown control {op}"})
        status, text = request("POST", inbox, json.dumps(activity).encode(),
                               sign_as=name if sign else None, tamper=tamper, rfc9421=rfc9421)
        self.reply(200, {"status": status, "id": activity.get("id"), "body": text})


def main():
    global ORIGIN, ACTORS, PRIVATE_PEM, PUBLIC_PEM
    ap = argparse.ArgumentParser(description="Independent ActivityPub test peer")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="peer1.localhost")
    ap.add_argument("--actors", type=int, default=1)
    ap.add_argument("--ready-file")
    args = ap.parse_args()
    ORIGIN = f"http://{args.host}:{args.port}"
    ACTORS = [f"u{i}" for i in range(1, args.actors + 1)]
    for name in ACTORS:
        RECEIVED[name], SEEN[name], TOTALS[name] = [], set(), 0
    # One key for all actors: generating 50 RSA-2048 keys would slow start-up for nothing.
    key = RSA.generate(2048)
    PRIVATE_PEM = key.export_key().decode()
    PUBLIC_PEM = key.publickey().export_key().decode()
    # A deep backlog, because our node may open 50 deliveries at once.
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("READY", flush=True)
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write(f"{ORIGIN}\n")
    server.serve_forever()


if __name__ == "__main__":
    main()
