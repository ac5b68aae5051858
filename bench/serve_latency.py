"""Latency of `peacewatch serve` under a bounded local load, beside baselines measured in the same run.

    .venv/bin/python bench/serve_latency.py [--db STORE] [--articles 2000] [--requests 200] [--clients 4]

Without --db, a store of --articles generated articles is written first by bench/store_scale.py
(--processed of them through the pipeline, the rest carrying copies of their layers). The server
runs as its own process (`peacewatch serve` on 127.0.0.1 and a free port); nothing is sent anywhere
else. For each endpoint (the dashboard, the events API, an article page) a fixed number of requests
is sent, once by one client and once by --clients clients at a time, and p50 and p95 latency are
printed beside two baselines, since the machine is noisy: GET /api/health (HTTP and the framework
alone, no store) and the same reads done in this process through the library, without HTTP
(open the store read-only, run the endpoint's queries, close it). For the dashboard the library line
is the cached path (what a page costs once the store's state is assessed), and a second line
assesses from scratch each time: what the cache saves.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"{percentile(ms, 0.5):8.1f} {percentile(ms, 0.95):8.1f}"


def build(path: Path, articles: int, processed: int) -> None:
    print(f"building a store of {articles} articles with bench/store_scale.py ...", flush=True)
    clock = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "bench" / "store_scale.py"), "--articles", str(articles),
                    "--processed", str(processed), "--coder", "rules", "--keep", str(path)],
                   check=True, stdout=subprocess.DEVNULL)
    print(f"  built in {time.perf_counter() - clock:.0f} s -> {path} ({path.stat().st_size / 2**20:.0f} MiB)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load(base: str, urls: list[str], clients: int) -> tuple[list[float], float]:
    """Send every URL once, `clients` at a time; the latency of each, and the wall time of all."""
    import httpx

    todo = list(enumerate(urls))
    lock = threading.Lock()
    times: list[float] = []
    failed: list[str] = []

    def client() -> None:
        with httpx.Client(base_url=base, timeout=120) as http:
            while True:
                with lock:
                    if not todo:
                        return
                    _, url = todo.pop()
                clock = time.perf_counter()
                response = http.get(url)
                elapsed = time.perf_counter() - clock
                with lock:
                    times.append(elapsed)
                    if response.status_code != 200:
                        failed.append(f"{url}: {response.status_code}")

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise SystemExit(f"{len(failed)} requests failed, e.g. {failed[:3]}")
    return times, time.perf_counter() - began


def timed(work, count: int) -> list[float]:
    times = []
    for n in range(count):
        clock = time.perf_counter()
        work(n)
        times.append(time.perf_counter() - clock)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing store (default: build one of --articles)")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--processed", type=int, default=100, help="articles of the built store run for real")
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint and mode")
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    from peacewatch.assessment.index import assess
    from peacewatch.store.store import Store
    from peacewatch.web import explore, highlight
    from peacewatch.web.explore import Selection
    from peacewatch.web.pages import article_href
    from peacewatch.web.workspace import STATE

    with tempfile.TemporaryDirectory(prefix="serve-bench-") as folder:
        db = args.db or Path(folder) / "bench.duckdb"
        if args.db is None:
            build(db, args.articles, args.processed)
        with Store(db, read_only=True) as store:
            ids = [r["id"] for r in store.query("SELECT id FROM articles ORDER BY id LIMIT 50")]
            counts = {t: store.count(t) for t in ("articles", "events", "positions")}
            pair = store.query("""SELECT source_country AS a, target_country AS b FROM events
                WHERE length(source_country) = 3 AND length(target_country) = 3 AND source_country <> target_country
                GROUP BY ALL ORDER BY count(*) DESC LIMIT 1""")
        dyad = f"{pair[0]['a']}-{pair[0]['b']}" if pair else ""
        print(f"store: {counts['articles']} articles, {counts['events']} events, {counts['positions']} positions; "
              f"dyad {dyad or 'none'}")
        pages = [f"/api/events?dyad={dyad}&per_page=50&page={1 + n % 5}&sort={('date', 'goldstein')[n % 2]}"
                 for n in range(args.requests)]
        endpoints = {
            "/api/health": ["/api/health"] * args.requests,
            "/ (dashboard)": ["/"] * args.requests,
            "/api/events": pages,
            "/articles/{id}": [article_href(ids[n % len(ids)]) for n in range(args.requests)],
        }
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "peacewatch.cli", "serve", "--db", str(db), "--port",
                                   str(port), "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            import httpx

            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the server did not start: {server.stderr.read().decode()[-2000:]}")
                time.sleep(0.1)
            clock = time.perf_counter()
            httpx.get(f"{base}/", timeout=600)
            print(f"first dashboard (assesses the store, then cached): {time.perf_counter() - clock:.2f} s")
            for urls in endpoints.values():  # warm up every path once
                httpx.get(f"{base}{urls[0]}", timeout=120)
            results = {}
            for name, urls in endpoints.items():
                one, _ = load(base, urls, 1)
                many, wall = load(base, urls, args.clients)
                results[name] = (one, many, len(urls) / wall)
        finally:
            server.terminate()
            server.wait(timeout=30)

        selections = [Selection.parse({"dyad": dyad, "per_page": "50", "page": str(1 + n % 5),
                                       "sort": ("date", "goldstein")[n % 2]}) for n in range(args.requests)]

        def dashboard(_: int) -> None:  # what the page reads once the assessment and the choices are cached
            with Store(db, read_only=True) as store:
                store.query(STATE)
                store.query(STATE)

        def events(n: int) -> None:
            with Store(db, read_only=True) as store:
                explore.events_page(store, selections[n])

        def article(n: int) -> None:
            with Store(db, read_only=True) as store:
                highlight.article_view(store.article(ids[n % len(ids)]))

        def uncached(_: int) -> None:
            with Store(db, read_only=True) as store:
                assess(store)

        library = {"/ (dashboard)": timed(dashboard, args.requests), "/api/events": timed(events, args.requests),
                   "/articles/{id}": timed(article, args.requests)}
        fresh = timed(uncached, max(3, args.requests // 40))

    print(f"\nlatency in ms, {args.requests} requests per endpoint and mode (HTTP to 127.0.0.1, server in its own "
          f"process)")
    print(f"{'endpoint':<16} {'1 client':>17} {f'{args.clients} clients':>17} {'req/s':>7} {'library, no HTTP':>17}")
    print(f"{'':<16} {'p50':>8} {'p95':>8} {'p50':>8} {'p95':>8} {'':>7} {'p50':>8} {'p95':>8}")
    for name, (one, many, rate) in results.items():
        base_line = summary(library[name]) if name in library else f"{'-':>8} {'-':>8}"
        print(f"{name:<16} {summary(one)} {summary(many)} {rate:7.1f} {base_line}")
    print(f"{'assess, uncached':<16} {'':>17} {'':>17} {'':>7} {summary(fresh)}   (what the dashboard's cache saves)")
    print(f"mean of the dashboard's library baseline {statistics.mean(library['/ (dashboard)']) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
