#!/bin/sh
# clean.sh CCDLL WORKDIR - clean.dll built by cc-dll (i386 and x86_64, -O0
# and -O2) from audit/clean, audited against its header with its DLL,
# import library and NAME_i.def, and against itself as the previous
# release: no finding at all (--fail-on=note), in every format. The
# audit's reading of the code is checked first: llvm-objdump shows the
# ret N that the decoration of each i386 stdcall function promises.
ccdll=$1 WORK=$2
ccdll_driver=$(dirname "$ccdll")/cc-dll
. "$(dirname "$0")/../common.sh"
need llvm-objdump
start
src=$(dirname "$0")/clean

for arch in i686 x86_64; do
  command -v "$(triple $arch)-gcc" >/dev/null || { echo "not checked: $arch (no $(triple $arch)-gcc)"; continue; }
  for opt in -O0 -O2; do
    what="$arch $opt"
    mkdir -p $arch$opt && cd $arch$opt || exit 1
    "$ccdll_driver" --ccdll-cc="$(triple $arch)-gcc" $opt -DBUILDING_CLEAN -I"$src" -shared -o clean.dll "$src/clean.c" ||
      { bad "$what: cc-dll"; cd ..; continue; }
    if [ $arch = i686 ]; then
      # Each stdcall export's code ends in the ret N of its decoration.
      for d in Add@8 Scale@12 ByValue@12 NoArgs@0 Branches@8; do
        n=${d#*@}
        llvm-objdump -d --no-show-raw-insn -M intel clean.dll |
          awk -v f="<_$d>:" 'index($0, f) { on = 1; next } on && /^$/ { exit }
                             on && $2 == "ret" { print $2, $3 }' | sed 's/ *$//' | sort -u > rets.txt
        want=$( [ "$n" = 0 ] && echo ret || echo "ret $n")
        [ "$(cat rets.txt)" = "$want" ] && ok "$what: ${d%@*} returns with $want" ||
          bad "$what: ${d%@*} returns with $(cat rets.txt | tr '\n' ' '), not $want"
      done
    fi
    for format in gcc json sarif; do
      "$ccdll" audit --header "$src/clean.h" --dll clean.dll --implib libclean.dll.a --def clean_i.def \
        --baseline clean.dll --format=$format --fail-on=note > report.$format
      status=$?
      case $format in
        gcc) n=$(grep -c . report.gcc) ;;
        json) n=$(grep -c '"rule":' report.json) ;;
        sarif) n=$(grep -c '"ruleId":' report.sarif) ;;
      esac
      [ $status = 0 ] && [ "$n" = 0 ] && ok "$what: $format: no finding" ||
        { bad "$what: $format: status $status, $n findings"; cat report.$format; }
    done
    cd ..
  done
done
finish
