#!/usr/bin/env bash
# Self-check of the independent test peer: two peers talk to each other, so
# the peer's signing and verifying are proven before we trust it against Palabre.
# Usage: bash selfcheck.sh   (uses $PYTHON if it already has httpsig, else a temp venv)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

py="${PYTHON:-python3}"
if ! "$py" -c 'import httpsig, Crypto, http_message_signatures' 2>/dev/null; then
    "$py" -m venv "$work/venv"
    "$work/venv/bin/pip" install -q -r "$here/requirements.txt"
    py="$work/venv/bin/python"
fi

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
p1="$(free_port)"; p2="$(free_port)"
"$py" "$here/peer.py" --port "$p1" --host peer1.localhost --actors 2 --ready-file "$work/r1" \
    >"$work/peer1.out" 2>"$work/peer1.err" & pids+=($!)
"$py" "$here/peer.py" --port "$p2" --host peer2.localhost --actors 3 --ready-file "$work/r2" \
    >"$work/peer2.out" 2>"$work/peer2.err" & pids+=($!)
for _ in $(seq 100); do [[ -f "$work/r1" && -f "$work/r2" ]] && break; sleep 0.1; done
if [[ ! -f "$work/r1" || ! -f "$work/r2" ]]; then
    echo "peers did not become ready"; cat "$work"/peer*.err; exit 1
fi

status=0
P1="$p1" P2="$p2" "$py" - <<'EOF' || status=$?
import json, os, sys, urllib.request, urllib.error
p1, p2 = os.environ["P1"], os.environ["P2"]
c1, c2 = f"http://127.0.0.1:{p1}", f"http://127.0.0.1:{p2}"
peer1, peer2 = f"http://peer1.localhost:{p1}", f"http://peer2.localhost:{p2}"
passed = failed = 0
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy

def call(base, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method="POST" if data else "GET")
    try:
        with opener.open(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())

def check(name, cond, detail=""):
    global passed, failed
    passed, failed = passed + bool(cond), failed + (not cond)
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f"  -- {detail}"))

s, actor = call(c2, "/users/u3")
check("actor document", s == 200 and actor["publicKey"]["id"] == f"{peer2}/users/u3#main-key", actor)
s, jrd = call(c2, f"/.well-known/webfinger?resource=acct:u2@peer2.localhost:{p2}")
check("webfinger", s == 200 and jrd["links"][0]["href"] == f"{peer2}/users/u2", jrd)

inbox = f"{peer2}/users/u1/inbox"
create = {"@context": "https://www.w3.org/ns/activitystreams", "id": f"{peer1}/users/u1/acts/1",
          "type": "Create", "actor": f"{peer1}/users/u1",
          "object": {"id": f"{peer1}/notes/1", "type": "Note", "content": "Ini ce"}}
send = {"actor": "u1", "inbox": inbox, "activity": create, "sign": True}
s, r = call(c1, "/control/send", send)
check("signed Create accepted with 202", s == 200 and r["status"] == 202, r)
s, r = call(c1, "/control/send", send)
check("duplicate delivery accepted", r["status"] == 202, r)
s, r = call(c2, "/control/received?actor=u1")
check("received shows the Create once", [a["id"] for a in r["activities"]] == [create["id"]], r)
s, st = call(c2, "/control/stats")
check("stats: distinct 1, total 2, no failures",
      st["per_actor"]["u1"] == {"distinct": 1, "total": 2} and st["failures"] == [], st)

s, r = call(c1, "/control/send", dict(send, sign=False))
check("unsigned delivery gets 401", r["status"] == 401, r)
s, r = call(c1, "/control/send", dict(send, tamper=True))
check("tampered body (wrong Digest) gets 401", r["status"] == 401 and "Digest" in r["body"], r)
forged = dict(create, id=f"{peer1}/users/u2/acts/9", actor=f"{peer1}/users/u2")
s, r = call(c1, "/control/send", dict(send, activity=forged))
check("actor other than key owner gets 401", r["status"] == 401, r)
s, st = call(c2, "/control/stats")
check("three failures recorded for u1",
      [f["actor"] for f in st["failures"]] == ["u1"] * 3 and st["per_actor"]["u1"]["total"] == 2, st)

s, r = call(c1, "/control/follow", {"actor": "u2", "target": f"{peer2}/users/u3"})
check("Follow accepted", s == 200 and r["status"] == 202 and "/users/u2/follows/" in r["id"], r)
fid = r.get("id")
s, r = call(c1, "/control/undo-follow", {"actor": "u2", "target": f"{peer2}/users/u3", "follow_id": fid})
check("Undo Follow accepted", r["status"] == 202, r)
s, r = call(c2, "/control/received?actor=u3")
types = [(a["type"], a["object"] if a["type"] == "Follow" else a["object"]["id"]) for a in r["activities"]]
check("u3 received Follow then Undo", types == [("Follow", f"{peer2}/users/u3"), ("Undo", fid)], r)

s, r = call(c1, "/control/send", dict(send, inbox="http://192.0.2.1/inbox"))
check("non-loopback destination refused", s == 500 and "non-loopback" in r["error"], r)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
if [[ $status -ne 0 ]]; then
    echo "--- peer1 stderr"; cat "$work/peer1.err"; echo "--- peer2 stderr"; cat "$work/peer2.err"
fi
exit "$status"
