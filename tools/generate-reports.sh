#!/usr/bin/env bash
# Writes the reports of the reference scenarios into reports/<scenario>/, and a screenshot
# of BLOOM's into docs/images/. Run from anywhere: tools/generate-reports.sh KAYA [--check]
# With --check, writes into a temporary folder and compares with reports/ (exit 1 if stale).
set -euo pipefail
# "Now" for what depends on the year (stale-catalogue-value warnings), so that the committed
# outputs do not change with the calendar: reproducible-builds.org's SOURCE_DATE_EPOCH.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1796083200}
kaya=$1
mode=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=reports
if [ "$mode" = "--check" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
for name in bloom-176b gpt3-175b opt-175b; do
  "$kaya" report "scenarios/$name.yaml" -o "$out/$name" > /dev/null
done
"$kaya" report scenarios/gpt3-175b.yaml scenarios/opt-175b.yaml scenarios/bloom-176b.yaml --compare -o "$out/comparison" > /dev/null
if [ "$mode" = "--check" ]; then
  if ! diff -r "$out" reports > /dev/null; then
    diff -r "$out" reports | head -20
    echo "reports/ is stale: run tools/generate-reports.sh $kaya"
    exit 1
  fi
  echo "reports are up to date"
  exit 0
fi
# The screenshot in the docs, when Chromium is there (tests/report/render_check.sh).
mkdir -p docs/images
if bash tests/report/render_check.sh "$root/reports/bloom-176b/report.html" "$root/docs/images/bloom-report.png"; then
  rm -f docs/images/bloom-report.png.log
fi
