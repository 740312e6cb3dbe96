# shellcheck shell=bash
# deps.sh -- the Debian 12 packages juten needs, installed when missing.
# Sourced by scripts/demo and scripts/test; nothing else installs anything.

JUTEN_PACKAGES=(
  build-essential cmake pkg-config
  libglpk-dev glpk-utils      # GLPK: the solver library, and glpsol to audit exports
  libgsl-dev                  # GSL: distributions, quantiles and statistics
  librandom123-dev            # Random123: counter-based Philox streams (header only)
  libcsv-dev                  # libcsv: CSV parsing
  libinih-dev                 # inih: scenario (INI) files
  libjansson-dev              # jansson: JSON output
  nettle-dev                  # nettle: sha256 of input files
  libxlsxwriter-dev           # libxlsxwriter: --format xlsx workbooks
  python3-openpyxl            # openpyxl: tests/xlsx_read.py reads the workbooks back
  gettext                     # GNU gettext: msgfmt compiles po/*.po, xgettext checks them
  chromium                    # headless Chromium: tests/report_browser.sh renders the HTML report
  python3-pil                 # PIL: tests/report_browser.sh checks the screenshot is not blank
  check                       # Check: unit tests
  clang libclang-rt-14-dev    # clang + libFuzzer: the loader fuzzers (scripts/test)
  gnuplot-nox                 # gnuplot: charts (an external program, run without a shell)
  fonts-ipaexfont-gothic      # a Japanese font, so chart labels render
  librsvg2-bin                # rsvg-convert: the tests open every SVG chart with it
  poppler-utils               # pdftoppm: the tests open every PDF chart with it
  libopenmpi-dev openmpi-bin  # Open MPI: juten simulate --mpi (-DJUTEN_MPI=ON, scripts/test)
)

juten_install_deps() {
  local missing=()
  local p
  for p in "${JUTEN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  echo "juten: installing ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "juten: need root (or sudo) to install: ${missing[*]}" >&2
      return 1
    fi
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
}
