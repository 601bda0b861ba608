#!/usr/bin/env bash
# GPU check: installs ONNX Runtime's CUDA execution provider for the pinned onnxruntime-node version, then measures
# faces/s on the GPU against the CPU (bench/gpu-bench.ts). Run from the repository root of an installed checkout
# (`npm ci` done) on a Linux x64 machine with an NVIDIA driver:
#
#   bash bench/gpu-check.sh [--json]
#
# Where the CUDA provider comes from, first found wins:
#   1. already in node_modules/onnxruntime-node/bin/napi-v6/linux/x64 (an earlier run);
#   2. KINDRED_ORT_CUDA_NUPKG=/path/Microsoft.ML.OnnxRuntime.Gpu.Linux.<version>.nupkg (a zip; for offline machines);
#   3. ONNX Runtime's own installer (`ONNXRUNTIME_NODE_INSTALL=cuda12`), which downloads that package from nuget.org.
# The provider needs the CUDA 12 runtime, cuBLAS and cuDNN 9 on the loader path; KINDRED_CUDA_LIBS (a folder, e.g.
# the lib folders of the nvidia-*-cu12 Python wheels) is prepended to LD_LIBRARY_PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

ORT_DIR=node_modules/onnxruntime-node
BIN_DIR="$ORT_DIR/bin/napi-v6/linux/x64"
ORT_VERSION=$(node -p "require('./$ORT_DIR/package.json').version")
PROVIDER_FILES=(libonnxruntime_providers_cuda.so libonnxruntime_providers_shared.so)

fail() { echo "gpu-check: $*" >&2; exit 1; }

[ "$(uname -s)/$(uname -m)" = "Linux/x86_64" ] || fail "the CUDA provider of onnxruntime-node exists for Linux x64 only"
command -v nvidia-smi >/dev/null || fail "nvidia-smi not found: no NVIDIA driver on this machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
[ -d "$BIN_DIR" ] || fail "$BIN_DIR missing: run npm ci first"

have_provider() { for f in "${PROVIDER_FILES[@]}"; do [ -f "$BIN_DIR/$f" ] || return 1; done; }

if have_provider; then
  echo "CUDA provider: already installed in $BIN_DIR"
elif [ -n "${KINDRED_ORT_CUDA_NUPKG:-}" ]; then
  case "$(basename "$KINDRED_ORT_CUDA_NUPKG")" in
    *".$ORT_VERSION.nupkg") ;;
    *) fail "$KINDRED_ORT_CUDA_NUPKG is not version $ORT_VERSION (the pinned onnxruntime-node); the provider must match it" ;;
  esac
  for f in "${PROVIDER_FILES[@]}"; do
    unzip -o -j -q "$KINDRED_ORT_CUDA_NUPKG" "runtimes/linux-x64/native/$f" -d "$BIN_DIR" || fail "$f not found in $KINDRED_ORT_CUDA_NUPKG"
  done
  echo "CUDA provider: $ORT_VERSION from $KINDRED_ORT_CUDA_NUPKG"
else
  echo "CUDA provider: downloading Microsoft.ML.OnnxRuntime.Gpu.Linux $ORT_VERSION with ONNX Runtime's installer"
  ONNXRUNTIME_NODE_INSTALL=cuda12 node "$ORT_DIR/script/install.js" ||
    fail "download failed; on an offline machine set KINDRED_ORT_CUDA_NUPKG to the package file"
fi
have_provider || fail "the CUDA provider files are still missing from $BIN_DIR"

if [ -n "${KINDRED_CUDA_LIBS:-}" ]; then export LD_LIBRARY_PATH="$KINDRED_CUDA_LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
# The provider's own dependencies, checked here so that a missing one is named instead of a vague load error.
missing=$(LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}" ldd "$BIN_DIR/libonnxruntime_providers_cuda.so" | awk '/not found/ {print $1}' | tr '\n' ' ')
[ -z "$missing" ] || fail "the CUDA provider cannot find: $missing(install CUDA 12 and cuDNN 9, or set KINDRED_CUDA_LIBS)"

npx tsx bench/gpu-bench.ts "$@"
