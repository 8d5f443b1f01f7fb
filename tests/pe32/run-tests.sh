#!/bin/sh
# run-tests.sh - builds the i386 test programs of progs/ with mingw-w64 and
# checks what pe32load does with them: the programs that must run (their
# output and exit status), and each broken input it must reject.
#
# usage: run-tests.sh LOADER WORKDIR
#
# Prints "ok: ..." or "FAIL: ..." per check and exits 1 on any failure.
# Prints "skipped: ..." and exits 0 when i686-w64-mingw32-gcc, its dlltool
# or gcc -m32 is missing or unusable. The lld checks run when clang and
# ld.lld are found.
set -u

loader=${1:?usage: run-tests.sh LOADER WORKDIR}
work=${2:?usage: run-tests.sh LOADER WORKDIR}
src=$(cd "$(dirname "$0")" && pwd)/progs

cc=i686-w64-mingw32-gcc
dlltool=i686-w64-mingw32-dlltool
objdump=i686-w64-mingw32-objdump
for tool in $cc $dlltool $objdump gcc; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "skipped: $tool not found"
    exit 0
  fi
done
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
printf 'int main(void) { return sizeof(void *) != 4; }\n' > m32.c
if ! gcc -m32 m32.c -o m32 >/dev/null 2>&1 || ! ./m32; then
  echo "skipped: gcc -m32 cannot build 32-bit programs (install gcc-multilib)"
  exit 0
fi
printf 'int f(void) { return 0; }\n' > probe.c
if ! $cc -c probe.c -o probe.o >/dev/null 2>&1; then
  echo "skipped: $cc cannot compile"
  exit 0
fi
case $loader in /*) ;; *) loader=$OLDPWD/$loader ;; esac
if [ ! -x "$loader" ]; then
  echo "FAIL: $loader was not built"
  exit 1
fi

failed=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; failed=1; }

# build COMMAND...: a failed build ends the run.
build() {
  if ! "$@" >build.log 2>&1; then
    echo "FAIL: build: $*"
    sed 's/^/  /' build.log
    exit 1
  fi
}

# Freestanding: no CRT, no unwind tables, no stack protector. A program
# starts at start(), not main(): GCC makes main() call __main (a CRT
# function). A DLL's entry is DllMain@12 (stdcall, 12 bytes of arguments).
flags="-nostdlib -ffreestanding -fno-asynchronous-unwind-tables -fno-stack-protector -O1 -I$src"
exe() { out=$1; shift; build $cc $flags -Wl,-e,_start -o "$out" "$@" -lkernel32; }
dll() { out=$1; shift; build $cc $flags -shared -Wl,-e,_DllMain@12 -o "$out" "$@" -lkernel32; }

# run NAME ARGS...: runs the loader; leaves NAME.out, NAME.err, NAME.status.
run() {
  name=$1
  shift
  "$loader" "$@" >"$name.out" 2>"$name.err"
  echo $? >"$name.status"
}

# expect_run NAME STATUS ARGS... <EXPECTED: the program must exit with
# STATUS and print exactly EXPECTED.
expect_run() {
  name=$1 status=$2
  shift 2
  cat >"$name.expected"
  run "$name" "$@"
  got=$(cat "$name.status")
  if [ "$got" != "$status" ]; then
    bad "$name: exit status $got, expected $status"
    sed 's/^/  /' "$name.err"
  elif ! diff -u "$name.expected" "$name.out" >"$name.diff"; then
    bad "$name: unexpected output"
    sed 's/^/  /' "$name.diff"
  else
    ok "$name: exit status $status, expected output"
  fi
}

# expect_error NAME MESSAGE ARGS...: the loader must exit 1 with a
# "pe32load: error:" line holding MESSAGE.
expect_error() {
  name=$1 msg=$2
  shift 2
  run "$name" "$@"
  got=$(cat "$name.status")
  if [ "$got" != 1 ]; then
    bad "$name: exit status $got, expected 1"
    sed 's/^/  /' "$name.err"
  elif ! grep '^pe32load: error: ' "$name.err" | grep -qF -e "$msg"; then
    bad "$name: no error saying '$msg'"
    sed 's/^/  /' "$name.err"
  else
    ok "$name: $msg"
  fi
}

# expect_verbose NAME TEXT: NAME.err (a -v run) holds TEXT.
expect_verbose() {
  if grep -qF -e "$2" "$1.err"; then
    ok "$1: -v says '$2'"
  else
    bad "$1: -v does not say '$2'"
  fi
}

# scenario DIR FILE[:NAME]...: a directory holding copies of FILEs (as NAME).
scenario() {
  dir=$1
  shift
  rm -rf "$dir" && mkdir "$dir" || exit 1
  for f in "$@"; do
    case $f in
      *:*) cp "${f%%:*}" "$dir/${f#*:}" ;;
      *) cp "$f" "$dir/" ;;
    esac
  done
}

# poke FILE OFFSET BYTE: overwrites one byte of FILE (BYTE in decimal).
poke() {
  printf "\\$(printf %o "$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# peek FILE OFFSET: one byte of FILE, in decimal.
peek() {
  od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '
}

#
# Build. b.dll's import library comes from GNU ld (decorated import names:
# "BAdd@8"); the others from dlltool, with -k (undecorated: "Std") or not.
#
dll b.dll "$src/b.c" "$src/b.def" -Wl,--out-implib,libb.a
dll a.dll "$src/a.c" "$src/a.def" libb.a
build $dlltool -k -d "$src/a-imp.def" -l liba-k.a
build $dlltool -d "$src/a-imp.def" -l liba-dec.a
exe calls.exe "$src/calls.c" liba-k.a
exe calls-dec.exe "$src/calls.c" liba-dec.a
exe calls-stripped.exe -s "$src/calls.c" liba-k.a
exe getproc.exe "$src/getproc.c"

dll c.dll "$src/reloc-dll.c" "$src/c.def" -Wl,--image-base,0x10000000
dll d.dll -DD "$src/reloc-dll.c" "$src/d.def" -Wl,--image-base,0x10000000
build $dlltool -d "$src/c.def" -l libc-imp.a
build $dlltool -d "$src/d.def" -l libd-imp.a
exe reloc.exe "$src/reloc.c" libc-imp.a libd-imp.a
# ImageBase 0 is never given to an image: this EXE is always relocated.
exe reloc-exe.exe -Wl,--image-base,0 "$src/reloc.c" libc-imp.a libd-imp.a

build $dlltool -d "$src/x.def" -l libx.a
build $dlltool -d "$src/x-ord.def" -l libx-ord.a
exe hello.exe "$src/hello.c" libx.a
exe hello-ord.exe "$src/hello.c" libx-ord.a
dll hello.dll "$src/hello-dll.c" "$src/x.def"
dll false.dll -DFAIL "$src/hello-dll.c" "$src/x.def"
build $cc $flags -shared -Wl,-e,_CdeclMain -o cdecl.dll -DCDECL "$src/hello-dll.c" "$src/x.def" -lkernel32
build $dlltool -k -d "$src/b-bad.def" -l libb-bad.a
dll badimport.dll -DBAD_IMPORT "$src/hello-dll.c" "$src/x.def" libb-bad.a
dll loop-x.dll "$src/hello-dll.c" "$src/loop-x.def"
dll loop-y.dll "$src/hello-dll.c" "$src/loop-y.def"
for v in std cdecl fast; do
  build $dlltool -k -d "$src/unbal-$v.def" -l libunbal-$v.a
done
exe unbal-std.exe "$src/unbal.c" libunbal-std.a
exe unbal-cdecl.exe -DCDECL "$src/unbal.c" libunbal-cdecl.a
exe unbal-fast.exe -DFAST "$src/unbal.c" libunbal-fast.a
exe k32.exe "$src/k32.c"
dll tdll.dll "$src/thread-dll.c" "$src/tdll.def" -Wl,--out-implib,libtdll.a
exe thread.exe "$src/thread.c" libtdll.a

#
# Programs that run.
#
calls_out='b: attach
a: attach, BAdd(2, 3) = 5
calls: start
Std(1) = 11
Std2(4, 5) = 9
Fast(2, 3, 4) = 10
Cde(9, 2) = 7
counter = 10
Std(1) after counter = 20 = 21
Secret() = 42
Fwd(5) = 15
FwdOrd() = 333
AddB(2, 3) = 5
calls: end
a: detach
b: detach'

# stdcall, fastcall, cdecl and data imports by undecorated name, a NONAME
# ordinal, forwarders by name and by ordinal, b.dll attached before a.dll
# and detached after it, the exit status.
echo "$calls_out" | expect_run calls 7 calls.exe
echo "$calls_out" | expect_run calls-decorated 7 calls-dec.exe
echo "$calls_out" | expect_run calls-verbose 7 -v calls.exe
expect_verbose calls-verbose "mapped ./a.dll at 0x"
expect_verbose calls-verbose "calls.exe: import a.dll!counter -> 0x"
expect_verbose calls-verbose "call Std (a.dll): callee popped 4 bytes, caller expects 4"
expect_verbose calls-verbose "call Fast (a.dll): callee popped 4 bytes, caller expects 4"
expect_verbose calls-verbose "call Cde (a.dll): callee popped 0 bytes, caller expects 0"
expect_verbose calls-verbose "call Secret (a.dll): callee popped 0 bytes, caller expects 0"
expect_verbose calls-verbose "call BAdd@8 (b.dll): callee popped 8 bytes, caller expects 8"
expect_verbose calls-verbose "call DllMain (a.dll): callee popped 12 bytes, caller expects 12"
run calls-decorated-v -v calls-dec.exe
expect_verbose calls-decorated-v "call @Fast@12 (a.dll): callee popped 4 bytes, caller expects 4"
expect_verbose calls-decorated-v "call Std@4 (a.dll): callee popped 4 bytes, caller expects 4"
# No symbol table: nothing to check the calls against.
echo "$calls_out" | expect_run calls-stripped 7 -v calls-stripped.exe
expect_verbose calls-stripped "calls-stripped.exe: import a.dll!Std -> 0x"
expect_verbose calls-stripped "not checked: no __imp_ symbol for the slot"

# DLLs found in -L directories, whatever the case of their names.
scenario lpath calls.exe
mkdir lpath-dlls && cp a.dll lpath-dlls/A.DLL && cp b.dll lpath-dlls/B.Dll
echo "$calls_out" | expect_run calls-L 7 -L lpath-dlls lpath/calls.exe

expect_run getproc 3 getproc.exe <<'EOF'
getproc: start
b: attach
a: attach, BAdd(2, 3) = 5
LoadLibraryA("A") != 0 = 1
GetModuleHandleA("a.DLL") == it = 1
GetModuleHandleA("b") != 0 = 1
GetModuleHandleA(NULL) == GetModuleHandleA("getproc.exe") = 1
GetModuleHandleA("nowhere.dll") = 0
LoadLibraryA("nowhere.dll") = 0
GetProcAddress(a, "Std")(1) = 11
GetProcAddress(a, "Std@4")(2) = 12
GetProcAddress(a, #7)() = 42
GetProcAddress(a, "Fwd")(5) = 15
GetProcAddress(a, "Fwd") == GetProcAddress(b, "Target") = 1
GetProcAddress(b, #3)() = 333
GetProcAddress(a, "Nope") = 0
GetProcAddress(a, #999) = 0
through GetProcAddress(kernel32, "OutputDebugStringA")
a: detach
FreeLibrary(a) = 1
b: detach
EOF

# c.dll and d.dll both prefer 0x10000000: the second is relocated.
reloc_out='c-zero: attach
d-zero: attach
c-zero c-one d-zero d-one
COp(0, 5) = 110
COp(1, 5) = 115
DOp(0, 7) = 114
DOp(1, 7) = 121
c and d at different bases = 1
one at 0x10000000 = 1'
echo "$reloc_out" | expect_run reloc 0 -v reloc.exe
expect_verbose reloc "(preferred 0x10000000, relocated)"
echo "$reloc_out" | expect_run reloc-exe 0 -v reloc-exe.exe
expect_verbose reloc-exe "(preferred 0x00000000, relocated)"

# Threads (CreateThread, ExitThread, CREATE_SUSPENDED), events (auto and
# manual reset), waits (one, any, all; timeouts), a TEB per thread through
# FS, GetLastError per thread, InitOnceExecuteOnce raced by 8 threads, and
# tdll.dll's DLL_THREAD_ATTACH / DETACH, one at a time (the loader lock).
thread_out='auto: wait unset = 258
auto: wait set = 0
auto: wait again (reset by the wait) = 258
manual: wait set = 0
manual: wait again = 0
manual: wait 30 ms after ResetEvent = 258
wait for any: index = 1
wait for all: timeout = 258
wait for all = 0
wait for all: the auto event consumed = 258
CloseHandle = 1
CloseHandle again = 0
wait on a closed handle = -1
exit code while waiting (STILL_ACTIVE) = 259
wait for a waiting thread: timeout = 258
wait for all threads = 0
exit codes = 1
thread ids = 1
each TEB: ClientId, Self = 1
distinct ids and TEBs = 1
GetLastError per thread = 1
main thread TEB = 1
counter = 8000
InitOnceExecuteOnce: runs = 1
InitOnceExecuteOnce: every thread got the value = 1
thread attaches = 8
thread detaches = 8
overlapping DllMain calls = 0
ExitThread: exit code = 77
ExitThread: detached = 9
suspended: wait 30 ms = 258
suspended: not attached yet = 9
ResumeThread = 1
resumed: wait = 0
resumed: attached in the thread = 1
waiter: wait 20 ms = 258
waiter: wait = 0
waiter: exit code = 5
thread attaches at the end = 11
thread detaches at the end = 11'
echo "$thread_out" | expect_run threads 0 thread.exe
echo "$thread_out" | expect_run threads-verbose 0 -v thread.exe
expect_verbose threads-verbose "DllMain(tdll.dll, DLL_THREAD_ATTACH)"
expect_verbose threads-verbose "call the thread entry point (CreateThread): callee popped 4 bytes, caller expects 4"
expect_verbose threads-verbose "call WaitForMultipleObjects (KERNEL32.dll): callee popped 16 bytes, caller expects 16"

scenario hello hello.exe hello.dll:x.dll
expect_run hello 0 hello/hello.exe <<'EOF'
Hello() = 1
EOF

#
# What must be rejected.
#
scenario missing-dll hello.exe
expect_error missing-dll "x.dll: DLL not found (imported by hello.exe)" missing-dll/hello.exe
scenario missing-import hello.exe b.dll:x.dll
expect_error missing-import "x.dll: no export named Hello (imported by hello.exe)" missing-import/hello.exe
scenario ordinal-range hello-ord.exe a.dll:x.dll b.dll
expect_error ordinal-range "x.dll: ordinal 99 out of range 1..11 (imported by hello-ord.exe)" ordinal-range/hello-ord.exe
scenario forwarder-loop hello.exe loop-x.dll:x.dll loop-y.dll:y.dll
expect_error forwarder-loop "x.dll: forwarder loop resolving Hello (imported by hello.exe)" forwarder-loop/hello.exe
expect_error kernel32-missing "kernel32.dll: Beep is not provided by the built-in kernel32.dll (imported by k32.exe)" k32.exe
scenario dllmain-false hello.exe false.dll:x.dll
expect_error dllmain-false "x.dll: DllMain returned FALSE for DLL_PROCESS_ATTACH" dllmain-false/hello.exe

# Unbalanced calls: the import library's decoration disagrees with what
# the callee pops.
expect_error unbalanced-stdcall "unbalanced call to Std (a.dll): callee popped 4 bytes, caller expects 8" unbal-std.exe
expect_error unbalanced-cdecl "unbalanced call to Std (a.dll): callee popped 4 bytes, caller expects 0" unbal-cdecl.exe
expect_error unbalanced-fastcall "unbalanced call to Fast (a.dll): callee popped 4 bytes, caller expects 8" unbal-fast.exe
scenario unbalanced-dll hello.exe badimport.dll:x.dll b.dll
expect_error unbalanced-dll "unbalanced call to BAdd (b.dll): callee popped 8 bytes, caller expects 4" unbalanced-dll/hello.exe
scenario unbalanced-dllmain hello.exe cdecl.dll:x.dll
expect_error unbalanced-dllmain "unbalanced call to DllMain (x.dll): callee popped 0 bytes, caller expects 12" unbalanced-dllmain/hello.exe

# Broken files.
mkdir broken
dd if=hello.exe of=broken/trunc-headers.exe bs=200 count=1 2>/dev/null
expect_error truncated-headers "trunc-headers.exe: truncated headers" broken/trunc-headers.exe
dd if=hello.exe of=broken/trunc-section.exe bs=1100 count=1 2>/dev/null
expect_error truncated-section "trunc-section.exe: section .text out of file bounds" broken/trunc-section.exe
scenario truncated-dll hello.exe
dd if=hello.dll of=truncated-dll/x.dll bs=1100 count=1 2>/dev/null
expect_error truncated-dll "x.dll: section .text out of file bounds" truncated-dll/hello.exe
echo 'not a program' >broken/text.exe
expect_error not-pe "text.exe: not a PE32 i386 image (no MZ header)" broken/text.exe
cp hello.exe broken/amd64.exe
pe=$(( $(peek hello.exe 60) + 256 * $(peek hello.exe 61) ))
poke broken/amd64.exe $((pe + 4)) 100 # Machine = 0x8664
poke broken/amd64.exe $((pe + 5)) 134
expect_error not-i386 "amd64.exe: not a PE32 i386 image (machine 0x8664)" broken/amd64.exe

# Relocations: the first entry of c.dll's first block gets type 10 (DIR64);
# then, in another copy, the block's page RVA moves out of the image.
reloc_off=$($objdump -h c.dll | awk '$2 == ".reloc" { print $6 }')
reloc_off=$((0x$reloc_off))
scenario bad-reloc-type reloc.exe c.dll d.dll
hi=$(peek c.dll $((reloc_off + 9)))
poke bad-reloc-type/c.dll $((reloc_off + 9)) $((hi % 16 + 160))
expect_error bad-reloc-type "c.dll: unsupported relocation type 10 at RVA 0x" bad-reloc-type/reloc.exe
scenario bad-reloc-page reloc.exe c.dll d.dll
poke bad-reloc-page/c.dll $((reloc_off + 2)) 255
expect_error bad-reloc-page "c.dll: relocation at RVA 0xff" bad-reloc-page/reloc.exe

# Command line.
run usage
if [ "$(cat usage.status)" = 2 ] && grep -q '^usage: pe32load' usage.err; then
  ok "usage: no program is exit status 2"
else
  bad "usage: no program: exit status $(cat usage.status), expected 2 and a usage line"
fi

#
# lld: keeps the COFF symbol table in MinGW mode unless -s; with -s,
# -Wl,--Xlink=-debug:symtab keeps it.
#
if command -v clang >/dev/null 2>&1 && command -v ld.lld >/dev/null 2>&1; then
  lld="clang --target=i686-w64-mingw32 -fuse-ld=lld $flags -Wl,-e,_start"
  build $lld -o calls-lld.exe "$src/calls.c" liba-k.a -lkernel32
  echo "$calls_out" | expect_run calls-lld 7 -v calls-lld.exe
  expect_verbose calls-lld "call Fast (a.dll): callee popped 4 bytes, caller expects 4"
  build $lld -o unbal-lld.exe "$src/unbal.c" libunbal-std.a -lkernel32
  expect_error unbalanced-lld "unbalanced call to Std (a.dll): callee popped 4 bytes, caller expects 8" unbal-lld.exe
  build $lld -s -Wl,--Xlink=-debug:symtab -o unbal-lld-s.exe "$src/unbal.c" libunbal-std.a -lkernel32
  expect_error unbalanced-lld-symtab "unbalanced call to Std (a.dll): callee popped 4 bytes, caller expects 8" unbal-lld-s.exe
else
  echo "note: clang or ld.lld not found: the lld checks did not run"
fi

exit $failed
