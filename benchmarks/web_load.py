"""Workbench load test: N concurrent 校对 uploads of a 10-page .docx against a real
`gwreport serve` on loopback (uvicorn, the shared process pool).

    .venv/bin/python benchmarks/web_load.py [--clients 20] [--workers 2]

The draft is the bundled samples' generated text (five genres) with typical township slips
put back in, repeated to ~10 pages (22 lines × 28 characters a page ≈ 6,200 characters), written
with python-docx's default template. Each client opens the page (session + CSRF token), uploads
the draft and waits for the findings. Prints errors and the upload→findings time (median, p90,
max); the target is no error and a median ≤ 2 s.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "web"))

PAGE_CHARS = 22 * 28
SLIPS = [("部署", "布署"), ("安装", "按装"), ("截至", "截止"), ("账户", "帐户"), ("〔", "["), ("〕", "]")]


def make_draft(path: Path, pages: int = 10) -> int:
    import docx

    from gwreport.facts import load_facts
    from gwreport.genre import GenreRegistry
    from gwreport.pipeline import build_facts
    reg = GenreRegistry()
    paras: list[str] = []
    for sample in sorted((ROOT / "samples").glob("*.yaml")):
        res = build_facts(load_facts(sample), reg)
        paras += [u.text for u in res.document.text_units() if u.text.strip()]
    out, n, k = [], 0, 0
    while n < pages * PAGE_CHARS:
        t = paras[k % len(paras)]
        good, bad = SLIPS[k % len(SLIPS)]
        if good in t and k % 3 == 0:
            t = t.replace(good, bad, 1)
        out.append(t)
        n += len(t)
        k += 1
    d = docx.Document()
    for t in out:
        d.add_paragraph(t)
    d.save(str(path))
    return n


def one(url: str, draft: bytes) -> tuple[float, int, str | None, dict]:
    import httpx
    with httpx.Client(base_url=url, timeout=120) as c:
        html = c.get("/check").text
        token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
        t = time.perf_counter()
        r = c.post("/api/check", files={"file": ("十页草稿.docx", draft)}, headers={"X-CSRF-Token": token})
        dt = time.perf_counter() - t
        if r.status_code != 200:
            return dt, 0, f"HTTP {r.status_code}: {r.text[:200]}", {}
        timing = dict((k, float(v)) for k, v in re.findall(r"(\w+);dur=([\d.]+)", r.headers.get("server-timing", "")))
        return dt, len(r.json()["findings"]), None, timing


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pages", type=int, default=10)
    args = ap.parse_args()
    from browser import start_server, stop_server
    tmp = Path(tempfile.mkdtemp(prefix="gw-webload-"))
    draft_path = tmp / "draft.docx"
    chars = make_draft(draft_path, args.pages)
    draft = draft_path.read_bytes()
    import os
    load0 = " ".join(f"{x:.1f}" for x in os.getloadavg())
    proc, url = start_server(tmp, workers=args.workers)
    try:
        # warm: one request per worker (the workers also warm themselves at start)
        with cf.ThreadPoolExecutor(args.workers) as ex:
            list(ex.map(lambda _: one(url, draft), range(args.workers)))
        t0 = time.perf_counter()
        with cf.ThreadPoolExecutor(args.clients) as ex:
            got = list(ex.map(lambda _: one(url, draft), range(args.clients)))
        wall = time.perf_counter() - t0
    finally:
        stop_server(proc)
    times = sorted(t for t, _, _, _ in got)
    errors = [e for _, _, e, _ in got if e]
    counts = {n for _, n, e, _ in got if not e}
    work = sorted(tm.get("work", 0) / 1000 for *_, tm in got)
    wait = sorted((tm.get("check", 0) - tm.get("work", 0)) / 1000 for *_, tm in got)
    p90 = times[min(len(times) - 1, int(round(0.9 * len(times))) - 1)]
    import os
    print(f"load average before/after (other processes on this machine): {load0} / "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"draft: {chars} characters (~{chars / PAGE_CHARS:.1f} pages), {len(draft) // 1024} KB .docx; "
          f"server workers: {args.workers}; clients: {args.clients}")
    print(f"errors: {len(errors)}" + (f" ({errors[0]})" if errors else ""))
    print(f"findings per response: {sorted(counts)} (identical across clients: {len(counts) == 1})")
    print(f"upload→findings: median {statistics.median(times):.2f} s, p90 {p90:.2f} s, max {times[-1]:.2f} s; "
          f"all {args.clients} done in {wall:.2f} s")
    print(f"of which the check itself in a worker: median {statistics.median(work):.2f} s "
          f"(min {work[0]:.2f}, max {work[-1]:.2f}); waiting for a free worker: median {statistics.median(wait):.2f} s")
    ok = not errors and statistics.median(times) <= 2.0
    print("PASS" if ok else "FAIL", "(target: no error, median ≤ 2 s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
