#!/usr/bin/env bash
# Builds llama.cpp's llama-server from the source that node-llama-cpp ships (no download),
# once per machine, into a cache outside the repo. Prints the binary's path on its last line.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bundle="$here/node_modules/node-llama-cpp/llama/gitRelease.bundle"
[ -f "$bundle" ] || { echo "missing $bundle: run npm ci first" >&2; exit 1; }
ver=$(node -p "require('$here/node_modules/node-llama-cpp/package.json').version")
cache="${OVERTHINK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/overthink}/llama-server-$ver"
bin="$cache/build/bin/llama-server"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
command -v cmake >/dev/null || { apt-get update -qq && apt-get install -y -qq cmake >/dev/null; }
rm -rf "$cache/src" "$cache/build"
mkdir -p "$cache"
git clone -q "$bundle" "$cache/src" >&2
cmake -S "$cache/src" -B "$cache/build" -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DGGML_NATIVE=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=Release >&2
cmake --build "$cache/build" --target llama-server -j"$(nproc)" >&2
echo "$bin"
