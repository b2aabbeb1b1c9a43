#!/usr/bin/python3
"""Summarises a tools/bench.sh run: per-file medians, p95, throughput, peak
RSS and the ratios the batch goals are stated in; prints a table and
writes the same as Markdown, with the machine it ran on.

    bench_report.py TMPDIR FILES LOAD_START LOAD_END OUT.md

TMPDIR holds: icp and chain ("ms rss_kb status cpu_ms" per file, one
process per file), chain_files (the chain's files, in its order),
batchJ.jsonl (the records of one `check -j J` run) and wallJ ("wall_ms
peak_rss_kb cpu_ms") for J = 1, 2.

Per material (the generated set's folder a file lies in), the medians of
`-j 1` and of the chain: the documents issue states its goal as the median
over document photos (under 500 ms), the checklist issue over checklists
(under 600 ms)."""
import json
import os
import platform
import subprocess
import sys


def percentile(values, q):
    v = sorted(values)
    if not v:
        return 0
    if q == 50:
        mid = len(v) // 2
        return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2
    i = min(len(v) - 1, max(0, int(q / 100.0 * len(v) + 0.999) - 1))
    return v[i]


def per_process(path):
    """Rows from one-process-per-file timing; statuses other than 0 and 1
    (pass/warn and fail) are failures."""
    rows = [l.split() for l in open(path) if l.strip()]
    ms = [int(r[0]) for r in rows]
    cpu = [int(r[3]) for r in rows]
    rss = max([int(r[1]) for r in rows] or [0])
    fails = sum(1 for r in rows if r[2] not in ("0", "1"))
    total = sum(ms)
    return {"median": percentile(ms, 50), "p95": percentile(ms, 95),
            "fps": len(ms) * 1000.0 / total if total else 0,
            "cpu": percentile(cpu, 50),
            "rss": rss / 1024.0, "fails": fails, "n": len(ms)}


def batch(tmp, j):
    path = os.path.join(tmp, "batch%d.jsonl" % j)
    wall_path = os.path.join(tmp, "wall%d" % j)
    if not os.path.exists(wall_path):
        return None
    wall, rss, cpu = (int(x) for x in open(wall_path).read().split())
    ms, fails = [], 0
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if r.get("kind") != "file":
            continue
        ms.append(r["ms"])
        if any(f["rule"] in ("input.timeout", "input.unreadable")
               for f in r.get("findings", [])):
            fails += 1
    return {"median": percentile(ms, 50), "p95": percentile(ms, 95),
            "fps": len(ms) * 1000.0 / wall if wall else 0,
            "cpu": cpu / float(len(ms)) if ms else 0,
            "rss": rss / 1024.0, "fails": fails, "n": len(ms)}


DOCUMENTS = ("id-card-front", "id-card-back", "passport", "hkmo-permit",
             "tw-permit", "business-license", "domain-certificate")
GOALS = {"documents": 500, "checklist": 600}


def material(path):
    """The material of a generated file: the name of its folder."""
    return os.path.basename(os.path.dirname(path))


def per_material(tmp):
    """{material: ([-j 1 ms], [chain ms])}, plus the "documents" group."""
    groups = {}
    path = os.path.join(tmp, "batch1.jsonl")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            if r.get("kind") == "file":
                groups.setdefault(material(r["path"]), ([], []))[0].append(r["ms"])
    names = os.path.join(tmp, "chain_files")
    if os.path.exists(names):
        rows = [l.split() for l in open(os.path.join(tmp, "chain")) if l.strip()]
        for name, row in zip(open(names).read().split("\n"), rows):
            groups.setdefault(material(name), ([], []))[1].append(int(row[0]))
    docs = ([], [])
    for m in DOCUMENTS:
        for i in (0, 1):
            docs[i].extend(groups.get(m, ([], []))[i])
    groups["documents"] = docs
    return groups


def material_table(groups):
    """Rows: material, files, median -j 1, p95 -j 1, median chain, ratio, goal."""
    rows = []
    for m in sorted(groups, key=lambda k: (k == "documents", k)):
        icp, chain = groups[m]
        if not icp:
            continue
        med = percentile(icp, 50)
        cmed = percentile(chain, 50) if chain else 0
        goal = GOALS.get(m)
        rows.append((m, "%d" % len(icp), "%.0f" % med,
                     "%.0f" % percentile(icp, 95),
                     "%.0f" % cmed if chain else "–",
                     "%.2f×" % (cmed / med) if chain and med else "–",
                     ("< %d ms" % goal) if goal else "–"))
    return rows


def machine():
    model = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = "%.0f GiB" % (int(line.split()[1]) / 1024.0 / 1024.0)
    def version(cmd):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True).stdout
            out = out or subprocess.run(cmd, capture_output=True, text=True).stderr
            return out.splitlines()[0].strip()
        except (OSError, IndexError):
            return "?"
    return [("CPU", "%s, %d logical cores" % (model, os.cpu_count())),
            ("memory", mem),
            ("system", "%s %s" % (platform.system(), platform.release())),
            ("tesseract", version(["tesseract", "--version"])),
            ("libvips", version(["pkg-config", "--modversion", "vips"]))]


def main():
    tmp, n, load_start, load_end, out = sys.argv[1:6]
    rows = []
    icp = None
    if os.path.getsize(os.path.join(tmp, "icp")):
        icp = per_process(os.path.join(tmp, "icp"))
        rows.append(("icpcheck check, one process per file", icp))
    chain = per_process(os.path.join(tmp, "chain"))
    b1, b2 = batch(tmp, 1), batch(tmp, 2)
    if b1:
        rows.append(("icpcheck batch -j 1 (one process)", b1))
    if b2:
        rows.append(("icpcheck batch -j 2 (one process)", b2))
    rows.append(("tesseract + zbarimg + exiftool per file", chain))
    head = ("run", "files", "median ms", "p95 ms", "files/s", "CPU ms/file",
            "peak RSS MB", "failures")
    fmt = "%-42s %5s %10s %8s %8s %12s %12s %9s"
    print(fmt % head)
    cells = []
    for name, r in rows:
        cells.append((name, "%d" % r["n"], "%.0f" % r["median"], "%.0f" % r["p95"],
                      "%.2f" % r["fps"], "%.0f" % r["cpu"], "%.0f" % r["rss"],
                      "%d" % r["fails"]))
        print(fmt % cells[-1])
    ratios = []
    if chain["fps"]:
        if b1:
            ratios.append(("throughput, batch -j 1 / chain",
                           b1["fps"] / chain["fps"], "≥ 5×"))
        if icp:
            ratios.append(("throughput, one process per file / chain",
                           icp["fps"] / chain["fps"], ""))
    if b1 and b2 and b1["fps"]:
        ratios.append(("throughput, batch -j 2 / -j 1", b2["fps"] / b1["fps"],
                       "≥ 1.8×"))
    if b1 and b1["median"]:
        ratios.append(("median, chain / batch -j 1",
                       chain["median"] / b1["median"], ""))
    if b1 and b1["cpu"]:
        ratios.append(("CPU per file, chain / batch -j 1",
                       chain["cpu"] / b1["cpu"], ""))
    for name, value, goal in ratios:
        print("%-42s %.2fx %s" % (name, value, ("(goal %s)" % goal) if goal else ""))
    if b2:
        print("%-42s %.0f MB (goal < 300 MB)" % ("peak RSS, batch -j 2", b2["rss"]))
    mhead = ("material", "files", "median ms -j 1", "p95 ms -j 1",
             "median ms chain", "chain / -j 1", "goal (median)")
    mrows = material_table(per_material(tmp))
    mfmt = "%-20s %5s %14s %11s %15s %12s %13s"
    print(mfmt % mhead)
    for row in mrows:
        print(mfmt % row)
    with open(out, "w", encoding="utf-8") as md:
        md.write("%s files, phone-size generated photos (4000×3000 and similar), "
                 "load average %s at the start, %s at the end.\n\n"
                 % (n, load_start, load_end))
        md.write("| %s |\n|%s\n" % (" | ".join(head), "---|" * len(head)))
        for row in cells:
            md.write("| %s |\n" % " | ".join(row))
        md.write("\n| ratio | value | goal |\n|---|---|---|\n")
        for name, value, goal in ratios:
            md.write("| %s | %.2f× | %s |\n" % (name, value, goal or "–"))
        md.write("\nPer material (\"documents\": the seven document types "
                 "together):\n\n")
        md.write("| %s |\n|%s\n" % (" | ".join(mhead), "---|" * len(mhead)))
        for row in mrows:
            md.write("| %s |\n" % " | ".join(row))
        md.write("\nMachine:\n\n")
        for key, value in machine():
            md.write("- %s: %s\n" % (key, value))
    print("bench: Markdown summary in %s" % out)


if __name__ == "__main__":
    main()
