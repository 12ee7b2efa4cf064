#!/usr/bin/env bash
# make demo: the whole pipeline on bundled synthetic data, into demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH=$PWD/build/bin:$PATH
mkdir -p demo
telestat synth -n 20000 --seed 2025 > demo/export.csv
telestat ingest -v demo/export.csv > demo/records.tsv
echo "demo: records in demo/records.tsv"
