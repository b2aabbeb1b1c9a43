#!/bin/sh
# make valgrind: runs icpcheck under memcheck ($1 is the valgrind command
# line, $2 the program): `icpcheck scan samples/` (every check, OCR, QR,
# both applications) and the committed bad inputs. Fails on any memory error
# or definite leak: memcheck then exits 99 (icpcheck itself exits 1 when a
# file fails a rule) and, with --quiet, its log holds nothing else.
# tests/valgrind.supp lists third-party reports only, each explained.
VG=$1 BIN=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
status=0
# libvips loads its format modules at start; the JPEG XL one pulls in
# libhwy, whose start-up timer uses an instruction memcheck cannot run
# (SIGILL). A VIPSHOME of our own offers every module but that one.
mods=$(pkg-config --variable=libdir vips)/vips-modules-$(pkg-config \
    --modversion vips | cut -d. -f1,2)
mkdir -p "$T/vipshome/lib/$(basename "$mods")"
for m in "$mods"/*.so; do
    case $m in *jxl*) continue ;; esac
    ln -s "$m" "$T/vipshome/lib/$(basename "$mods")/"
done
export VIPSHOME="$T/vipshome"
# libvips compiles its convolutions to machine code at run time with liborc;
# memcheck cannot follow that code (it read from address 0 and died in it).
# VIPS_NOVECTOR makes libvips use its plain C paths: the same results.
export VIPS_NOVECTOR=1
# libvips 8.14's thread pool hung once under memcheck (every thread waiting
# on a futex, its workers gone: vips_threadpool_run in vips_semaphore_down,
# from vips_image_copy_memory); memcheck runs one thread at a time anyway,
# so libvips gets one worker.
export VIPS_CONCURRENCY=1
run() { # name, arguments...
    name=$1
    shift
    # The program runs itself again (limit_openmp) with OMP_THREAD_LIMIT
    # set; set it here so that valgrind watches the real run.
    OMP_THREAD_LIMIT=1 $VG --log-file="$T/vg-$name.log.%p" "$BIN" "$@" \
        > /dev/null 2>&1
    rc=$?
    if { [ $rc -eq 0 ] || [ $rc -eq 1 ]; } && ! grep -q '^==' "$T"/vg-$name.log*; then
        echo "ok   $name (exit $rc, memcheck clean)"
    else
        echo "FAIL $name (exit $rc)"
        cat "$T"/vg-$name.log*
        status=1
    fi
}
mkdir "$T/bad"
cp "$ROOT"/tests/bad/* "$T/bad/" && rm -f "$T/bad/README.md"
run bad-inputs check -q -j 2 --type backdrop-photo --format jsonl "$T"/bad/*
# The samples are copied: nothing is written next to them, but a run under
# a tool should not even look at the repository's own files.
cp -r "$ROOT/samples" "$T/samples"
# --timeout 0: memcheck makes a document take minutes, and the default
# deadline would cut the OCR it is here to watch.
run samples scan -q -j 2 --timeout 0 --today 2026-11-24 --format jsonl \
    "$T/samples"
exit $status
