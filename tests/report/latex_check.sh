#!/usr/bin/env bash
# latex_check.sh KAYA ROOT [SCENARIO...]
#
# Compiles the output of `kaya export SCENARIO --latex` with pdflatex, wrapped in a default
# `\documentclass{article}` and in `\documentclass[twocolumn]{article}` (each with only
# `\usepackage{booktabs}`), and fails on any LaTeX error and on any "Overfull \hbox" warning:
# the table must fit the text width of one column, whatever the scenario's names hold.
# SCENARIO paths are relative to ROOT; by default the three reference scenarios and
# tests/data/exports/hostile.yaml.
# Exit 0 on success, 1 on failure (with the offending log lines), 77 (CTest's
# SKIP_RETURN_CODE) when pdflatex is not installed. PDFLATEX may name the program.
set -uo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 KAYA ROOT [SCENARIO...]" >&2
  exit 2
fi
kaya=$1
root=$2
shift 2
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(scenarios/bloom-176b.yaml scenarios/gpt3-175b.yaml scenarios/opt-175b.yaml
                                         tests/data/exports/hostile.yaml)

pdflatex=${PDFLATEX:-$(command -v pdflatex || true)}
if [ -z "$pdflatex" ]; then
  echo "latex_check: SKIP: pdflatex is not installed"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
for scenario in "${scenarios[@]}"; do
  name=$(basename "$scenario" .yaml)
  if ! (cd "$root" && "$kaya" export "$scenario" --latex --samples 500) > "$work/$name.tex" 2> "$work/$name.err"; then
    echo "latex_check: FAIL: kaya export $scenario --latex: $(cat "$work/$name.err")"
    failures=$((failures + 1))
    continue
  fi
  for layout in onecolumn twocolumn; do
    doc=$work/$name-$layout
    options=""
    [ "$layout" = twocolumn ] && options="[twocolumn]"
    {
      echo "\\documentclass$options{article}"
      echo "\\usepackage{booktabs}"
      echo "\\begin{document}"
      echo "\\input{$name.tex}"
      echo "\\end{document}"
    } > "$doc.tex"
    (cd "$work" && "$pdflatex" -interaction=nonstopmode -halt-on-error "$(basename "$doc").tex" > /dev/null 2>&1)
    status=$?
    if [ $status -ne 0 ] || [ ! -s "$doc.pdf" ]; then
      echo "latex_check: FAIL: $scenario ($layout): pdflatex exited $status"
      grep -A3 '^!' "$doc.log" | head -20
      failures=$((failures + 1))
    elif grep -q '^Overfull \\hbox' "$doc.log"; then
      echo "latex_check: FAIL: $scenario ($layout) overflows:"
      grep -A1 '^Overfull \\hbox' "$doc.log" | head -20
      failures=$((failures + 1))
    else
      echo "latex_check: ok: $scenario ($layout)"
    fi
  done
done
exit $((failures > 0))
