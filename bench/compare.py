#!/usr/bin/env python3
"""Compare job J1 counts: a telestat aggregate table against a peer's output.

Usage: compare.py TELESTAT_TABLE PEER_TSV [PEER_NAME [LEFT_NAME]]
       compare.py --as-telestat PEER_TSV


The telestat table is a records stream (telestat-records(5)) with columns
year, region, category and count; its regions are ISO 3166-2 codes
(PE-LIM). Peers print year, departamento, category, count with department
names (LIMA). Department names are mapped to ISO codes, then the counts
are compared per (year, category) and per (year, region, category).
Prints a verdict line; exits 0 when every count is equal, 1 otherwise.

--as-telestat rewrites a peer's output as a telestat table (ISO regions),
so that peers can be checked against each other when telestat's own
pipeline is not available.
"""
import sys
from collections import Counter

# Peruvian departments as the peers print them (upper case, no accents)
# -> ISO 3166-2:PE.
# A bare "LIMA" is the Lima region, PE-LIM (telestat-records(5)).
PE = {
    "AMAZONAS": "PE-AMA", "ANCASH": "PE-ANC", "APURIMAC": "PE-APU",
    "AREQUIPA": "PE-ARE", "AYACUCHO": "PE-AYA", "CAJAMARCA": "PE-CAJ",
    "CALLAO": "PE-CAL", "CUSCO": "PE-CUS", "HUANCAVELICA": "PE-HUV",
    "HUANUCO": "PE-HUC", "ICA": "PE-ICA", "JUNIN": "PE-JUN",
    "LA LIBERTAD": "PE-LAL", "LAMBAYEQUE": "PE-LAM", "LIMA": "PE-LIM",
    "LORETO": "PE-LOR", "MADRE DE DIOS": "PE-MDD", "MOQUEGUA": "PE-MOQ",
    "PASCO": "PE-PAS", "PIURA": "PE-PIU", "PUNO": "PE-PUN",
    "SAN MARTIN": "PE-SAM", "TACNA": "PE-TAC", "TUMBES": "PE-TUM",
    "UCAYALI": "PE-UCA",
}


def read(path, region_col):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        # telestat: count (or records); Miller's emit names it after its map.
        count = next((c for c in ("count", "records", "n") if c in col), "count")
        for need in ("year", region_col, "category", count):
            if need not in col:
                sys.exit(f"compare: {path}: no column {need!r} in {header}")
        rows = Counter()
        for line in f:
            fs = line.rstrip("\n").split("\t")
            if len(fs) != len(header):
                continue
            rows[(fs[col["year"]], fs[col[region_col]], fs[col["category"]])] += int(fs[col[count]])
        return rows


def by_year_category(t):
    out = Counter()
    for (y, _, c), n in t.items():
        out[(y, c)] += n
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--as-telestat":
        print("year\tregion\tcategory\tcount")
        for (y, dep, c), n in sorted(read(sys.argv[2], "departamento").items()):
            print(f"{y}\t{PE.get(dep, dep)}\t{c}\t{n}")
        return 0
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    ts = read(sys.argv[1], "region")
    peer_raw = read(sys.argv[2], "departamento")
    name = sys.argv[3] if len(sys.argv) > 3 else "peer"
    left = sys.argv[4] if len(sys.argv) > 4 else "telestat"
    peer = Counter()
    for (y, dep, c), n in peer_raw.items():
        peer[(y, PE.get(dep, dep), c)] += n
    problems = []
    a, b = by_year_category(ts), by_year_category(peer)
    for k in sorted(set(a) | set(b)):
        if a.get(k, 0) != b.get(k, 0):
            problems.append(f"year {k[0]} category {k[1]}: {left} {a.get(k, 0)}, {name} {b.get(k, 0)}")
    for k in sorted(set(ts) | set(peer)):
        if ts.get(k, 0) != peer.get(k, 0):
            problems.append(f"{' '.join(k)}: {left} {ts.get(k, 0)}, {name} {peer.get(k, 0)}")
    total_t, total_p = sum(ts.values()), sum(peer.values())
    if problems:
        print(f"MISMATCH {left} vs {name}: totals {total_t} vs {total_p}, {len(problems)} differing counts")
        for p in problems[:20]:
            print("  " + p)
        return 1
    print(f"OK {left} = {name}: {total_t} attentions in {len(ts)} (year, region, category) groups, "
          f"{len(a)} (year, category) totals equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
