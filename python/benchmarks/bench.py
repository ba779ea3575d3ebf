"""Throughput of the Python package against the command, on generated
reports: `dr.cells` on one thread and on two, `dr.dask.cells` on a
2-worker LocalCluster, and `disclosure-report export` on the same files.
Same-run ratios, since machines are shared and noisy.

    cargo run --release --example generate -- /tmp/bench 10000
    pip install ./python                      # optimized (release)
    cargo build --release --features cli
    python3 python/benchmarks/bench.py /tmp/bench target/release/disclosure-report
"""

import subprocess
import sys
import tempfile
import time

import disclosure_report as dr


def timed(label, run, reports):
    start = time.perf_counter()
    rows = run()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.2f} s  {reports / seconds:9.0f} reports/s  ({rows} rows)")
    return seconds


def main():
    folder, command = sys.argv[1], sys.argv[2]
    reports = len(dr.files(folder))
    print(f"{reports} report files under {folder}")
    base = timed("command export --jobs 2", lambda: export(command, folder), reports)
    one = timed("dr.cells(jobs=1)", lambda: len(dr.cells(folder, jobs=1)), reports)
    two = timed("dr.cells(jobs=2)", lambda: len(dr.cells(folder, jobs=2)), reports)
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster):
            dask = timed("dr.dask.cells, 2-worker LocalCluster", lambda: len(dr.dask.cells(folder).compute()), reports)
    print()
    print("ratios to the command's export (lower is faster):")
    for label, seconds in [("dr.cells(jobs=1)", one), ("dr.cells(jobs=2)", two), ("dr.dask.cells, 2 workers", dask)]:
        print(f"  {label:<28} {seconds / base:5.2f}x")
    print(f"per report, one thread: {one / reports * 1000:.2f} ms")


def export(command, folder):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([command, "export", folder, "--jobs", "2", "-o", f"{out}/cells.csv"], check=True,
                       stderr=subprocess.DEVNULL)
        with open(f"{out}/cells.csv", encoding="utf-8") as f:
            return sum(1 for _ in f) - 1


if __name__ == "__main__":
    main()
