#!/usr/bin/env bash
# The CUDA engine's checks on a GPU machine (issue 11), in one call of at most 10 minutes.
#
# Here (the build machine, Debian packages installed):
#   scripts/gpu_check.sh pack
# builds vlm_cuda_tests and vlm_cuda_bench (release preset) and puts them, with the shared
# libraries they need beyond glibc, libstdc++ and CUDA's own, into .gpu/ (git-ignored).
# Then, through the device tool, with carry [".gpu"] and a timeout of 600 s:
#   scripts/gpu_check.sh run
# which, on the GPU machine (driver, CUDA 13, torch and transformers; none of our packages):
#   1. vlm_cuda_tests: every kernel against the host device layer, preprocessing bit-exact, the
#      tiny fixture per stage within 1e-3 (float32) / 3e-2 (16-bit operands) of the reference,
#      greedy tokens identical, batch of 3 equal to the three alone;
#   2. tools/reference/hf_crosscheck.py: transformers' LlavaForConditionalGeneration on the
#      fixture: same greedy tokens, last logits within 1e-3;
#   3. vlm_cuda_bench: LLaVA-1.5-7B shapes, random bf16 weights, floors measured in the run,
#      written to $OUT/gpu-<date>.md (copy it to bench/results/ and commit);
#   4. compute-sanitizer memcheck and racecheck on the fixture tests (Firecracker machines;
#      gVisor refuses the device, which is reported, not failed).
# Logs go to $OUT; the last lines are a summary table.
set -uo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"

pack() {
  set -e
  cmake --preset release >/dev/null
  cmake --build --preset release -j2 --target vlm_cuda_tests vlm_cuda_bench
  rm -rf .gpu && mkdir -p .gpu/bin .gpu/lib
  cp build/release/src/infer/vlm/vlm_cuda_tests build/release/src/infer/vlm/vlm_cuda_bench .gpu/bin/
  # Libraries from Debian packages: not on the GPU machine. glibc, libstdc++, libgcc and
  # CUDA's libraries (cuBLAS, the driver) are there.
  ldd .gpu/bin/vlm_cuda_tests .gpu/bin/vlm_cuda_bench | awk '/=> \//{print $3}' | sort -u |
    grep -vE '/(libc|libm|libdl|librt|libpthread|libstdc\+\+|libgcc_s|ld-linux[^/]*)\.so|/usr/local/cuda|libcuda\.so' |
    xargs -r -I{} cp -L {} .gpu/lib/
  git rev-parse --short HEAD > .gpu/commit
  du -sh .gpu
  ls .gpu/lib
}

run() {
  local out="${OUT:-$PWD/gpu-check-out}" date status=()
  mkdir -p "$out"
  date="$(date -u +%Y-%m-%d)"
  # cuBLAS from the toolkit, else from the Python image's nvidia-cublas wheel.
  local wheel_cublas
  wheel_cublas="$(python3 -c 'import nvidia.cublas, os; print(os.path.join(list(nvidia.cublas.__path__)[0], "lib"))' 2>/dev/null || true)"
  export LD_LIBRARY_PATH="$PWD/.gpu/lib:/usr/local/cuda/lib64:/usr/local/cuda/lib:${wheel_cublas}:${LD_LIBRARY_PATH:-}"
  export SPATIALGEN_SOURCE_DIR="$PWD" SPATIALGEN_GPU_DUMP="$out" PYTHONUNBUFFERED=1
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv | tee "$out/card.txt"
  if ! ldd .gpu/bin/vlm_cuda_tests >"$out/ldd.txt" 2>&1 || grep -q "not found" "$out/ldd.txt"; then
    echo "gpu_check: the carried binaries miss libraries here:"; grep "not found" "$out/ldd.txt"; exit 1
  fi

  timeout 180 .gpu/bin/vlm_cuda_tests --gtest_output="xml:$out/vlm_cuda_tests.xml" 2>&1 | tee "$out/tests.log"
  status+=("vlm_cuda_tests ${PIPESTATUS[0]}")

  if [ -f "$out/gpu_fixture_outputs.json" ]; then
    timeout 180 python3 tools/reference/hf_crosscheck.py tests/data/vlm "$out/gpu_fixture_outputs.json" \
      "$out/hf_crosscheck.json" 2>&1 | tee "$out/hf_crosscheck.log"
    status+=("hf_crosscheck ${PIPESTATUS[0]}")
  else
    status+=("hf_crosscheck not-run(no-gpu-outputs)")
  fi

  timeout 240 .gpu/bin/vlm_cuda_bench --out "$out/gpu-$date.md" --commit "$(cat .gpu/commit 2>/dev/null)" \
    2>&1 | tee "$out/bench.log"
  status+=("vlm_cuda_bench ${PIPESTATUS[0]}")

  if command -v compute-sanitizer >/dev/null; then
    for tool in memcheck racecheck; do
      timeout 90 compute-sanitizer --tool "$tool" --error-exitcode 99 .gpu/bin/vlm_cuda_tests \
        --gtest_filter='CudaTest.Float32EngineMatchesTheReference:CudaTest.CachedAttention*' >"$out/$tool.log" 2>&1
      local rc=$?
      tail -5 "$out/$tool.log"
      if grep -q "Device not supported" "$out/$tool.log"; then rc="unsupported-here"; fi
      status+=("compute-sanitizer-$tool $rc")
    done
  else
    status+=("compute-sanitizer not-installed")
  fi

  echo
  echo "| check | exit status (0 = passed) |"
  echo "| --- | --- |"
  for s in "${status[@]}"; do echo "| ${s% *} | ${s##* } |"; done
}

case "$mode" in
  pack) pack ;;
  run) run ;;
  *) echo "usage: scripts/gpu_check.sh pack|run (see the comment at the top)" >&2; exit 2 ;;
esac
