#!/bin/sh
# mk/deps.sh — make sure the Debian packages caresim builds and tests with are
# installed; install the missing ones (as root, or through sudo), or say exactly
# which to install. Called by `make` before building, and with --test by
# `make test` for what only the tests need (tests/report.sh renders the HTML
# report in headless Chromium and runs analysis/examples/plot_compare.py;
# tests/xarray.sh opens result files with xarray through h5netcdf, and
# tests/mutants/run.sh applies its mutants with patch), and with
# --mpi by `make MPI=1` and (allowed to fail) `make test` for Open MPI and
# parallel HDF5 (tests/mpi.sh). 41 packages, a 16.5 MB download, 70 MB installed; in
# `make test` because an MPI build nobody runs would rot unnoticed, while a
# machine that cannot install them still runs everything else.
set -e
PKGS="gcc make pkg-config libgsl-dev libconfig-dev libhdf5-dev hdf5-tools"
if [ "$1" = --test ]; then PKGS="chromium python3-h5py python3-matplotlib python3-pil python3-xarray python3-h5netcdf patch"; fi
if [ "$1" = --mpi ]; then PKGS="libopenmpi-dev libhdf5-openmpi-dev openmpi-bin"; fi
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "caresim: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"
else
    echo "caresim: cannot install packages (not root, no passwordless sudo). Run:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >&2
