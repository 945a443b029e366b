#!/usr/bin/env bash
# Rebuilds the project's plotly bundles, static/vendor/plotly-star/*.min.js, from the pinned
# plotly.js source (package-lock.json here) with esbuild: `make plotly`. The result is committed
# (README, "Front end: the plotly bundles"), so `make install` never needs this; run it after a
# change to the entries or a plotly.js upgrade, and commit what it writes. Two runs write the
# same bytes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../static/vendor/plotly-star"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here"/package.json "$here"/package-lock.json "$here"/*.js "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
version=$(node -p "require('$work/node_modules/plotly.js/package.json').version")
mkdir -p "$out"
for name in plotly-star plotly-star-polar; do
  banner="/*! $name: plotly.js $version (MIT, see LICENSE beside this file), a partial bundle built by frontend/plotly/build.sh from frontend/plotly/$name.js */"
  (cd "$work" && ./node_modules/.bin/esbuild "$name.js" --bundle --minify --format=iife \
    --global-name=Plotly --target=es2016 --define:global=window --define:define.amd=false \
    --alias:stream=stream-browserify --loader:.css=empty --legal-comments=none \
    "--banner:js=$banner" --log-level=warning --outfile="$out/$name.min.js")
done
cp "$work/node_modules/plotly.js/LICENSE" "$out/LICENSE"
ls -l "$out"
