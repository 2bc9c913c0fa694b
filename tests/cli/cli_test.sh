#!/usr/bin/env bash
# The kaya executable's contract: exit codes 0/1/2, nothing on stdout on failure,
# byte-identical output for a fixed seed, and the three output formats.
set -u
unset COLUMNS  # the wide tables, whatever the terminal
kaya=$1
root=$2
cd "$root" || exit 1
failures=0
check() {  # check DESCRIPTION EXPECTED_STATUS ACTUAL_STATUS
  if [ "$2" != "$3" ]; then echo "FAIL: $1 (expected exit $2, got $3)"; failures=$((failures + 1)); else echo "ok: $1"; fi
}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$kaya" run scenarios/bloom-176b.yaml >"$out/table" 2>"$out/err"; check "run prints a table" 0 $?
grep -q "embodied-gpus" "$out/table" || { echo "FAIL: table lacks embodied-gpus"; failures=$((failures + 1)); }
[ -s "$out/err" ] && { echo "FAIL: run wrote to stderr"; failures=$((failures + 1)); }

"$kaya" run scenarios/bloom-176b.yaml --format json --samples 2000 --seed 7 >"$out/a.json"; check "json" 0 $?
"$kaya" run scenarios/bloom-176b.yaml --format json --samples 2000 --seed 7 >"$out/b.json"
cmp -s "$out/a.json" "$out/b.json" || { echo "FAIL: same seed, different output"; failures=$((failures + 1)); }
grep -q '"samples": 2000' "$out/a.json" || { echo "FAIL: json lacks samples"; failures=$((failures + 1)); }
"$kaya" run scenarios/gpt3-175b.yaml --format csv >"$out/c.csv"; check "csv" 0 $?
head -1 "$out/c.csv" | grep -q '^record,phase,stage,kind,criterion,unit,nominal,mean,p05,p50,p95,status$' || { echo "FAIL: csv header"; failures=$((failures + 1)); }

"$kaya" validate scenarios/opt-175b.yaml >/dev/null; check "validate a good scenario" 0 $?
"$kaya" run --help >/dev/null; check "run --help" 0 $?
"$kaya" validate --help >/dev/null; check "validate --help" 0 $?

bad=tests/data/cli/bad-unit.yaml
"$kaya" run "$bad" >"$out/stdout" 2>"$out/stderr"; check "bad input exits 2" 2 $?
[ -s "$out/stdout" ] && { echo "FAIL: bad input wrote to stdout"; failures=$((failures + 1)); }
grep -q "^$bad:[0-9]*:[0-9]*: error: .*\[unknown-unit\]$" "$out/stderr" || { echo "FAIL: message format"; cat "$out/stderr"; failures=$((failures + 1)); }
"$kaya" validate "$bad" >/dev/null 2>&1; check "validate bad input exits 2" 2 $?
"$kaya" run does-not-exist.yaml >/dev/null 2>&1; check "missing file exits 2" 2 $?
"$kaya" run scenarios/bloom-176b.yaml --format xml >/dev/null 2>&1; check "bad --format exits 2" 2 $?
"$kaya" run scenarios/bloom-176b.yaml --samples 0 >/dev/null 2>&1; check "--samples 0 exits 2" 2 $?
"$kaya" run scenarios/bloom-176b.yaml --seed banana >/dev/null 2>&1; check "bad --seed exits 2" 2 $?
"$kaya" >/dev/null 2>&1; check "no subcommand exits 2" 2 $?

# The catalogues are embedded: they work from any folder.
(cd / && "$kaya" catalog show FRA) | grep -q "grid_intensity: 56.039 gCO2e/kWh" || { echo "FAIL: catalog show FRA"; failures=$((failures + 1)); }
# A category shows its unit and its terms; the list of categories is the catalogue's.
"$kaya" catalog show gwp | grep -q "term: electricity × grid_intensity (required)" || { echo "FAIL: catalog show gwp"; failures=$((failures + 1)); }
"$kaya" catalog list categories | tail -1 | grep -q "^10 entries" || { echo "FAIL: catalog list categories"; failures=$((failures + 1)); }
# The primary carbon accounting, from the scenario or --accounting; a comparison says which.
"$kaya" run scenarios/llama3-70b.yaml --samples 200 --accounting market 2>/dev/null | grep -q "Carbon: market-based (gwp_market), the primary accounting" || { echo "FAIL: --accounting market"; failures=$((failures + 1)); }
"$kaya" run scenarios/llama3-70b.yaml --accounting gross >/dev/null 2>"$out/stderr"; check "--accounting of no category" 2 $?
"$kaya" run scenarios/llama3-70b.yaml --samples 200 --format json 2>/dev/null | grep -q '"accounting": {"primary": "location", "carbon": "gwp"}' || { echo "FAIL: accounting in JSON"; failures=$((failures + 1)); }
# An implied power the serving hardware cannot draw: a warning, or with --strict an error.
"$kaya" validate tests/data/serving/l4-overloaded.yaml 2>"$out/stderr" >/dev/null; check "implied power, warned" 0 $?
grep -q "implied-power-exceeds-hardware" "$out/stderr" || { echo "FAIL: implied-power warning"; failures=$((failures + 1)); }
"$kaya" validate tests/data/serving/l4-overloaded.yaml --strict >/dev/null 2>"$out/stderr"; check "implied power, strict" 2 $?
# The SCI per functional unit, as JSON; a scenario without a functional unit is refused.
"$kaya" export scenarios/bloom-176b.yaml --sci --samples 200 | grep -q '"unit": "gCO2e per request", "nominal": 1.47557' || { echo "FAIL: export --sci"; failures=$((failures + 1)); }
"$kaya" export scenarios/gpt3-175b.yaml --sci >/dev/null 2>"$out/stderr"; check "export --sci without a functional unit" 2 $?
# Results in another unit on request: every rendering says so in its unit column.
"$kaya" run scenarios/bloom-176b.yaml --samples 200 --format csv --unit tCO2e --unit energy=MWh | grep -q '^total,,,,gwp,tCO2e,50.86' || { echo "FAIL: --unit tCO2e"; failures=$((failures + 1)); }
"$kaya" run scenarios/bloom-176b.yaml --unit kWh/h >/dev/null 2>"$out/stderr"; check "--unit of no category's dimension" 2 $?
# The table shows the parts of energy and water on request only.
"$kaya" run scenarios/bloom-176b.yaml --samples 200 | grep -q "water on-site" && { echo "FAIL: parts shown without --parts"; failures=$((failures + 1)); }
"$kaya" run scenarios/bloom-176b.yaml --samples 200 --parts | grep -q "water on-site" || { echo "FAIL: --parts"; failures=$((failures + 1)); }
"$kaya" catalog list hardware --search a100 | grep -q "nvidia-a100-sxm4-80gb" || { echo "FAIL: catalog list"; failures=$((failures + 1)); }
"$kaya" catalog show FRANCE >/dev/null 2>"$out/stderr"; check "unknown catalogue id exits 2" 2 $?
grep -q "did you mean 'FRA'" "$out/stderr" || { echo "FAIL: catalogue id suggestion"; failures=$((failures + 1)); }
# An id that begins several ids suggests them, not the nearest text ('nvidia-p100').
"$kaya" catalog show nvidia-h100 >/dev/null 2>"$out/stderr"; check "a partial catalogue id exits 2" 2 $?
grep -q "did you mean 'nvidia-h100-nvl', 'nvidia-h100-sxm' or 'nvidia-h100-pcie'?" "$out/stderr" || { echo "FAIL: partial id suggestion"; cat "$out/stderr"; failures=$((failures + 1)); }
"$kaya" catalog list rivers >/dev/null 2>&1; check "unknown catalogue kind exits 2" 2 $?
"$kaya" run tests/data/catalog/scenario.yaml --format json --samples 100 | grep -q '"provenance": \[' || { echo "FAIL: provenance"; failures=$((failures + 1)); }

# Comparison and sweeps.
"$kaya" compare scenarios/gpt3-175b.yaml scenarios/opt-175b.yaml --samples 500 | grep -q "opt-175b against gpt3-175b" || { echo "FAIL: compare table"; failures=$((failures + 1)); }
"$kaya" compare scenarios/gpt3-175b.yaml scenarios/opt-175b.yaml --samples 500 --format json | grep -q '"p_a_less_than_b": 0' || { echo "FAIL: compare json"; failures=$((failures + 1)); }
"$kaya" compare scenarios/gpt3-175b.yaml scenarios/opt-175b.yaml --samples 500 --format csv | head -1 | grep -q '^record,scenario,against,phase,criterion,unit,statistic,value$' || { echo "FAIL: compare csv"; failures=$((failures + 1)); }
"$kaya" compare scenarios/gpt3-175b.yaml >/dev/null 2>&1; check "compare needs two scenarios" 2 $?
"$kaya" compare scenarios/gpt3-175b.yaml scenarios/opt-175b.yaml --set nothing=1 >/dev/null 2>&1; check "compare --set with an unknown name exits 2" 2 $?
"$kaya" sweep scenarios/bloom-176b.yaml --vary 'grid_fr=20 gCO2e/kWh,920 gCO2e/kWh' --samples 200 --format csv | grep -c "^920 gCO2e/kWh,gwp" | grep -q 1 || { echo "FAIL: sweep csv"; failures=$((failures + 1)); }
"$kaya" sweep scenarios/bloom-176b.yaml --vary 'grid_fr=' >/dev/null 2>&1; check "sweep with no values exits 2" 2 $?
"$kaya" run scenarios/bloom-176b.yaml --set 'grid_fr=20 gCO2e/kWh' --samples 200 --format csv | grep -q '^phase,training,training,training,gwp,kgCO2e,8663.92,' || { echo "FAIL: run --set"; failures=$((failures + 1)); }

# Sensitivity.
"$kaya" sensitivity scenarios/bloom-176b.yaml --samples 1024 | grep -q "^grid_fr " || { echo "FAIL: sensitivity table"; failures=$((failures + 1)); }
"$kaya" sensitivity scenarios/bloom-176b.yaml --method tornado --format csv | head -1 | grep -q '^parameter,unit,p05,p95,' || { echo "FAIL: tornado csv"; failures=$((failures + 1)); }
"$kaya" sensitivity scenarios/bloom-176b.yaml --samples 1024 --format json | grep -q '"method": "sobol"' || { echo "FAIL: sobol json"; failures=$((failures + 1)); }
"$kaya" sensitivity scenarios/bloom-176b.yaml --phase trainig >/dev/null 2>&1; check "sensitivity of an unknown phase exits 2" 2 $?

# Repeatable options take one value each, wherever they stand.
"$kaya" run --set 'grid_fr=20 gCO2e/kWh' scenarios/bloom-176b.yaml --samples 100 >/dev/null; check "--set before the scenario" 0 $?
"$kaya" sweep scenarios/bloom-176b.yaml --vary 'grid_fr=1 gCO2e/kWh' --vary 'grid_fr=2 gCO2e/kWh' >/dev/null 2>&1; check "a name varied twice exits 2" 2 $?
mkdir -p "$out/mine" && echo x > "$out/mine/thesis.tex"
"$kaya" report scenarios/opt-175b.yaml -o "$out/mine" --samples 100 >/dev/null 2>&1; check "report refuses a folder holding other files" 2 $?
[ -f "$out/mine/thesis.tex" ] || { echo "FAIL: report removed a user's file"; failures=$((failures + 1)); }

# Environment failures exit 1 with the OS's reason; every command flushes and checks its output.
if [ -w /dev/full ]; then
  for cmd in "run scenarios/opt-175b.yaml --samples 100" "validate scenarios/opt-175b.yaml" "catalog list grids" \
             "compare scenarios/opt-175b.yaml scenarios/gpt3-175b.yaml --samples 100" \
             "sweep scenarios/opt-175b.yaml --vary gpu_hours=1h,2h --samples 100" \
             "sensitivity scenarios/opt-175b.yaml --method tornado" \
             "export scenarios/opt-175b.yaml --latex --samples 100" "report scenarios/opt-175b.yaml -o $out/full --samples 100"; do
    # shellcheck disable=SC2086
    "$kaya" $cmd >/dev/full 2>"$out/stderr"; check "kaya ${cmd%% *} into a full disk exits 1" 1 $?
    grep -q "^kaya: error: cannot write the output: No space left on device \[write-failed\]$" "$out/stderr" || { echo "FAIL: ${cmd%% *} to /dev/full:"; cat "$out/stderr"; failures=$((failures + 1)); }
  done
fi
"$kaya" report scenarios/opt-175b.yaml -o /proc/kaya-report --samples 100 2>"$out/stderr" >/dev/null; check "a report where nothing can be written exits 1" 1 $?
grep -q "^kaya: error: cannot write the report into '/proc/kaya-report': .* \[write-failed\]$" "$out/stderr" || { echo "FAIL: report into /proc:"; cat "$out/stderr"; failures=$((failures + 1)); }
# An empty option value is an error, never the default.
for opt in --seed --phase --stage --format --samples --catalog --set --method --sort; do
  case $opt in --phase|--stage|--method) sub="sensitivity scenarios/opt-175b.yaml";; --sort) sub="sweep scenarios/opt-175b.yaml --vary gpu_hours=1h,2h";; *) sub="run scenarios/opt-175b.yaml";; esac
  # shellcheck disable=SC2086
  "$kaya" $sub "$opt" '' >/dev/null 2>"$out/stderr"; check "$opt '' exits 2" 2 $?
done
"$kaya" run scenarios/bloom-176b.yaml --set sites.jean-zay.grid= 2>"$out/stderr" >/dev/null; check "--set with no value exits 2" 2 $?
grep -q "^--set sites.jean-zay.grid:1:1: error: expected a value for sites.jean-zay.grid, got nothing \[invalid-value\]$" "$out/stderr" || { echo "FAIL: --set with no value is located:"; cat "$out/stderr"; failures=$((failures + 1)); }

# Exports: the model card takes only Hugging Face's training types, and says so by the flag.
"$kaya" export scenarios/opt-175b.yaml --hf-model-card --samples 100 --training-type fine-tuning | grep -qx '  training_type: "fine-tuning"' || { echo "FAIL: export --training-type fine-tuning"; failures=$((failures + 1)); }
"$kaya" export scenarios/opt-175b.yaml --hf-model-card >/dev/null 2>&1; check "a model card without --training-type exits 2 (no default to state falsely)" 2 $?
"$kaya" export scenarios/opt-175b.yaml --hf-model-card --training-type pretraining >"$out/stdout" 2>"$out/stderr"; check "an undocumented --training-type exits 2" 2 $?
[ -s "$out/stdout" ] && { echo "FAIL: a bad --training-type wrote to stdout"; failures=$((failures + 1)); }
grep -q "^kaya: error: --training-type: pretraining not in {pre-training,fine-tuning} \[invalid-option\]$" "$out/stderr" || { echo "FAIL: --training-type message"; cat "$out/stderr"; failures=$((failures + 1)); }

# Measurement files, summarised as a phase takes them; a file of no kind kaya reads is refused.
m=tests/data/measured
"$kaya" measurements $m/jean-zay-sacct.txt --cluster $m/jean-zay.cluster.yaml --group-by JobName >"$out/stdout"; check "measurements: sacct" 0 $?
grep -q "^  total  *9  *738.0  *105.5  *103.2  *373.4  *448.1  *25.54$" "$out/stdout" || { echo "FAIL: measurements sacct total"; cat "$out/stdout"; failures=$((failures + 1)); }
"$kaya" measurements $m/codecarbon-v2.csv --select project_name=finetune --format json | grep -q '"total": {"rows": 3, "duration": 1.5, "energy": 0.4567' || { echo "FAIL: measurements codecarbon json"; failures=$((failures + 1)); }
"$kaya" measurements $m/mlenergy-chat.json --select 'model=*8B*' --select gpu=H100 | grep -q "uniform over 40 – 300 J" || { echo "FAIL: measurements mlenergy"; failures=$((failures + 1)); }
"$kaya" measurements $m/whole-project.yaml >"$out/stdout" 2>"$out/stderr"; check "measurements: not a measurement file" 2 $?
[ -s "$out/stdout" ] && { echo "FAIL: a refused measurement file wrote to stdout"; failures=$((failures + 1)); }
"$kaya" measurements $m/codecarbon-v2.csv --select project_name >/dev/null 2>"$out/stderr"; check "measurements: --select without =" 2 $?
grep -q "^kaya: error: option --select: expected KEY=VALUE" "$out/stderr" || { echo "FAIL: --select message"; cat "$out/stderr"; failures=$((failures + 1)); }
"$kaya" report $m/whole-project.yaml -o "$out/measured-report" --samples 200 >/dev/null; check "report with measurements" 0 $?
grep -q "^- Phase 'training': IT energy from Slurm job accounting (node power × node-hours), 360.0 kWh (exact)" "$out/measured-report/report.md" || { echo "FAIL: the report's measurement section"; failures=$((failures + 1)); }
"$kaya" run $m/whole-project.yaml --samples 200 | grep -q "IT energy from Slurm job accounting (node power × node-hours), 360.0 kWh (exact)" || { echo "FAIL: run with sacct"; failures=$((failures + 1)); }


# Threads: the same numbers on one thread or two, and a count that is not one refused.
"$kaya" run scenarios/bloom-176b.yaml --samples 70000 --format json --threads 1 >"$out/threads1.json"; check "run --threads 1" 0 $?
"$kaya" run scenarios/bloom-176b.yaml --samples 70000 --format json --threads 2 >"$out/threads2.json"; check "run --threads 2" 0 $?
cmp -s "$out/threads1.json" "$out/threads2.json" || { echo "FAIL: --threads changed the numbers"; failures=$((failures + 1)); }
"$kaya" run scenarios/bloom-176b.yaml --threads 0 >/dev/null 2>"$out/stderr"; check "run --threads 0" 2 $?
"$kaya" run scenarios/bloom-176b.yaml --samples 1000000001 >/dev/null 2>"$out/stderr"; check "run --samples past 10^9" 2 $?
"$kaya" sweep scenarios/bloom-176b.yaml --vary 'sites.jean-zay.grid=FRA,DEU,POL' --samples 500 --threads 2 >"$out/sweep2.txt"; check "sweep --threads 2" 0 $?
"$kaya" sweep scenarios/bloom-176b.yaml --vary 'sites.jean-zay.grid=FRA,DEU,POL' --samples 500 --threads 1 | cmp -s - "$out/sweep2.txt" || { echo "FAIL: sweep rows depend on --threads"; failures=$((failures + 1)); }

# More threads than the system will start under an address-space limit: no crash. Those that
# start do the work, or, when memory runs out, a message says so (exit 1).
# (Not under AddressSanitizer, whose shadow memory needs more address space than any such limit.)
if nm -C "$kaya" 2>/dev/null | grep -q "__asan_init"; then code=0; else
  (ulimit -v 450000; "$kaya" run scenarios/bloom-176b.yaml --samples 3000000 --format json --threads 64 >/dev/null 2>"$out/stderr"); code=$?
fi
if [ $code -ne 0 ] && { [ $code -ne 1 ] || ! grep -q "^kaya: error: out of memory" "$out/stderr"; }; then
  echo "FAIL: --threads 64 under ulimit -v: exit $code"; cat "$out/stderr"; failures=$((failures + 1))
fi

# Progress: on a terminal, a run that takes more than a second says how far it is (on stderr);
# piped, it says nothing (checked above: "run wrote to stderr").
if command -v script >/dev/null; then
  # More than a second of work: under AddressSanitizer a fifth as many samples do.
  progress_samples=20000000
  if nm -C "$kaya" 2>/dev/null | grep -q "__asan_init"; then progress_samples=4000000; fi
  script -qec "'$kaya' run scenarios/bloom-176b.yaml --samples $progress_samples --threads 1 >/dev/null" /dev/null >"$out/tty" 2>&1
  grep -q 'kaya run: sampling: [0-9]* %' "$out/tty" || { echo "FAIL: no progress on a terminal"; failures=$((failures + 1)); }
fi
COLUMNS=80 "$kaya" run scenarios/bloom-176b.yaml >"$out/narrow"; check "COLUMNS=80" 0 $?
python3 -c 'import sys; w = max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")); sys.exit(w > 80)' "$out/narrow" || { echo "FAIL: table wider than COLUMNS"; failures=$((failures + 1)); }
echo "$failures failed"
[ "$failures" -eq 0 ]
