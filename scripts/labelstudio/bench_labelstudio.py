#!/usr/bin/env python3
"""Label Studio, the peer of `handprint bench market`: the same closed loop, measured the same way.

Starts Label Studio (the pip package, from scripts/labelstudio/setup-venv.sh) on a fresh data
directory, creates N annotator accounts with their API tokens, imports ITEMS text items into a
single-choice project asking OVERLAP annotations per item (`maximum_annotations`), then runs N
client threads, each doing `GET /api/projects/{id}/next` -> `POST /api/tasks/{id}/annotations/`
until Label Studio has no task left for it (404) or the duration is over. Prints cycles per
second and p50/p99 for next, submit and the whole cycle, then checks that Label Studio stored
exactly as many annotations as it acknowledged, and says how far it went over items x overlap.

Run it with the venv's Python (it needs `requests`, which setup-venv.sh installs):

    bash scripts/labelstudio/setup-venv.sh
    /work/labelstudio-venv/bin/python scripts/labelstudio/bench_labelstudio.py --annotators 20 --items 2000
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import requests

ADMIN = "admin@bench.test"
PASSWORD = "bench-password"
ADMIN_TOKEN = "bench-admin-token-0123456789"
LABEL_CONFIG = (
    '<View><Text name="text" value="$text"/>'
    '<Choices name="label" toName="text"><Choice value="A"/><Choice value="B"/></Choices></View>'
)

# Run inside the venv's Python with Label Studio's Django settings, on its data directory:
# N annotators in the organisation `label-studio start` made, each with the legacy API token
# Label Studio creates for every new user. Prints the tokens as a JSON list.
CREATE_ANNOTATORS = """
import json, os, sys
from label_studio.server import _setup_env
_setup_env()
from organizations.models import Organization
from users.models import User
org = Organization.objects.first()
tokens = []
for i in range(int(sys.argv[1])):
    user = User.objects.create_user(email=f"annotator{i}@bench.test", password=sys.argv[2])
    org.add_user(user)
    user.active_organization = org
    user.save(update_fields=["active_organization"])
    tokens.append(user.auth_token.key)
print(json.dumps(tokens))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--annotators", type=int, default=20)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--overlap", type=int, default=3)
    parser.add_argument("--duration", type=float, default=None, help="stop after SECS")
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument(
        "--label-studio",
        default=os.path.join(os.path.dirname(sys.executable), "label-studio"),
        help="the label-studio executable (default: the one beside this Python)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()
    if not (args.annotators > 0 and args.items > 0 and 0 < args.overlap <= args.annotators):
        sys.exit("--annotators, --items and --overlap must be positive, --overlap at most --annotators")

    data = tempfile.mkdtemp(prefix="ls-bench-")
    base = f"http://127.0.0.1:{args.port}"
    log = open(os.path.join(data, "label-studio.log"), "w")
    env = dict(os.environ, LABEL_STUDIO_BASE_DATA_DIR=data)
    server = subprocess.Popen(
        [args.label_studio, "start", "--no-browser", "--internal-host", "127.0.0.1",
         "--port", str(args.port), "--data-dir", data, "--username", ADMIN, "--password", PASSWORD,
         "--user-token", ADMIN_TOKEN, "--enable-legacy-api-token"],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    try:
        run(args, base, data, env, server)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        if args.keep:
            print(f"data and log kept in {data}", file=sys.stderr)
        else:
            shutil.rmtree(data, ignore_errors=True)


def run(args, base, data, env, server):
    load_start = load_average()
    started = time.monotonic()
    wait_ready(base, server, data)
    print(f"label studio up in {time.monotonic() - started:.0f} s", file=sys.stderr)
    admin = requests.Session()
    admin.headers["Authorization"] = f"Token {ADMIN_TOKEN}"
    tokens = json.loads(subprocess.run(
        [sys.executable, "-c", CREATE_ANNOTATORS, str(args.annotators), PASSWORD],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1])
    r = admin.post(f"{base}/api/projects", json={
        "title": "bench", "label_config": LABEL_CONFIG, "maximum_annotations": args.overlap,
    })
    r.raise_for_status()
    project = r.json()["id"]
    t = time.monotonic()
    r = admin.post(f"{base}/api/projects/{project}/import",
                   json=[{"text": f"item {i}"} for i in range(args.items)])
    r.raise_for_status()
    imported = time.monotonic() - t
    print(f"{args.annotators} annotators, {args.items} items x {args.overlap}; running...",
          file=sys.stderr)

    results = [None] * len(tokens)
    deadline = None if args.duration is None else time.monotonic() + args.duration
    threads = [threading.Thread(target=annotator, args=(base, project, tok, deadline, results, i))
               for i, tok in enumerate(tokens)]
    t = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - t
    errors = [r for r in results if isinstance(r, Exception)]
    if errors:
        raise errors[0]
    nxt = sorted(x for r in results for x in r[0])
    sub = sorted(x for r in results for x in r[1])
    cyc = sorted(x for r in results for x in r[2])
    failed = sum(len(r[3]) for r in results)
    stored = admin.get(f"{base}/api/projects/{project}").json()["total_annotations_number"]
    report(args, imported, elapsed, (nxt, sub, cyc, failed), stored, load_start, server.pid)


def annotator(base, project, token, deadline, results, i):
    """One annotator's closed loop: next task, annotate it, again; latencies in seconds."""
    s = requests.Session()
    s.headers["Authorization"] = f"Token {token}"
    nxt, sub, cyc, failures = [], [], [], []
    try:
        while deadline is None or time.monotonic() < deadline:
            t0 = time.monotonic()
            r = s.get(f"{base}/api/projects/{project}/next")
            if r.status_code == 404:
                break
            if r.status_code >= 500:
                # Under concurrent annotators Label Studio on SQLite answers some claims with a
                # 500 (its log says why); a client asks again, and the run counts them.
                failures.append(r.status_code)
                continue
            r.raise_for_status()
            task = r.json()["id"]
            t1 = time.monotonic()
            r = s.post(f"{base}/api/tasks/{task}/annotations/", json={
                "result": [{"from_name": "label", "to_name": "text", "type": "choices",
                            "value": {"choices": ["A"]}}],
                "project": project, "lead_time": t1 - t0,
            })
            r.raise_for_status()
            t2 = time.monotonic()
            nxt.append(t1 - t0)
            sub.append(t2 - t1)
            cyc.append(t2 - t0)
        results[i] = (nxt, sub, cyc, failures)
    except Exception as e:  # reported by the main thread
        results[i] = e


def wait_ready(base, server, data, timeout=900):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if server.poll() is not None:
            sys.exit(f"label-studio stopped (exit {server.returncode}); see {data}/label-studio.log")
        try:
            if requests.get(f"{base}/health", timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    sys.exit(f"label-studio did not answer /health within {timeout} s")


def pct(sorted_values, p):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))] * 1000


def peak_rss_mib(pid):
    """VmHWM of the Label Studio process and its children (the web server runs in it)."""
    total = 0
    for p in [pid] + children(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unavailable"


def report(args, imported, elapsed, latencies, stored, load_start, pid):
    nxt, sub, cyc, failed = latencies
    cycles = len(cyc)
    print("peer               label-studio")
    print(f"annotators         {args.annotators}")
    print(f"items              {args.items} x {args.overlap} annotations")
    print(f"import             {imported:.2f} s")
    print(f"answers            {cycles} acknowledged, {stored} stored"
          + ("" if args.duration else f" (expected {args.items * args.overlap})"))
    print(f"server errors      {failed} (HTTP 5xx on next, asked again)")
    print(f"elapsed            {elapsed:.2f} s")
    print(f"cycles per second  {cycles / elapsed:.2f}")
    for name, lat in (("next", nxt), ("submit", sub), ("next+submit", cyc)):
        print(f"{name:<12}       p50 {pct(lat, 0.5):8.2f} ms   p99 {pct(lat, 0.99):8.2f} ms")
    print(f"load average       start {load_start}; end {load_average()}")
    print(f"peak RSS           label-studio {peak_rss_mib(pid):.1f} MiB")
    # Label Studio does not hold `maximum_annotations` strictly under concurrent annotators
    # (its next-task lock is advisory): say by how much it went over, but only fail on an
    # acknowledged annotation that was not stored.
    ok = stored == cycles
    extra = cycles - args.items * args.overlap
    print(f"check              stored == acknowledged: {'ok' if ok else 'WRONG'}"
          + (f"; {extra} more than items x overlap" if extra > 0 else ""))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
