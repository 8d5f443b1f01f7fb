#!/bin/sh
# man.sh PREFIX EXAMPLES WORK - the installed manual pages
# (PREFIX/share/man/man1/cc-dll.1 and ccdll.1):
#
#  - rendered by groff (-man -ww: every warning) and by man-db
#    (`man --warnings -l`) with not one warning, and found by
#    `man -M PREFIX/share/man -w`;
#  - every option that `cc-dll --ccdll-help` lists is in cc-dll.1, every
#    command of `ccdll --help` has its section in ccdll.1, and every option
#    of `ccdll COMMAND --help` is in that command's section (so the pages
#    and the programs stay in step).
. "$(dirname "$0")/../common.sh"
prefix=${1:?usage: man.sh PREFIX EXAMPLES WORK}
WORK=${3:?usage: man.sh PREFIX EXAMPLES WORK}
need groff man
start
man1=$prefix/share/man/man1

for page in cc-dll ccdll; do
  f=$man1/$page.1
  [ -f "$f" ] || { bad "$f is missing"; continue; }
  groff -man -Tutf8 -ww -z "$f" >groff.err 2>&1
  [ -s groff.err ] && { bad "$page.1: groff warns"; cat groff.err; } || ok "$page.1: groff -man -ww: no warning"
  MANWIDTH=80 man --warnings -l "$f" >$page.txt 2>man.err
  [ -s man.err ] && { bad "$page.1: man warns"; cat man.err; } || ok "$page.1: man --warnings -l: no warning"
  grep -q '^NAME' $page.txt && grep -q '^SYNOPSIS' $page.txt && grep -q '^EXIT STATUS' $page.txt ||
    bad "$page.1: no NAME, SYNOPSIS or EXIT STATUS"
  [ "$(man -M "$prefix/share/man" -w $page 2>/dev/null)" = "$f" ] && ok "man -M PREFIX/share/man -w $page" ||
    bad "man -M PREFIX/share/man does not find $page"
done

# options HELP: the options of the option lines of a --help text (indented
# two to four spaces, then '-').
options() {
  sed -n 's/^ \{2,4\}\(-.*\)/\1/p' "$1" | sed 's/   .*//' |
    grep -oE '(^|[ ,])--?[A-Za-z0-9][-A-Za-z0-9]*' | sed 's/^[ ,]*//' | sort -u
}
# plain: roff source without font escapes, \- as -.
plain() { sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' "$@"; }
# has TEXTFILE OPTION: OPTION as a word of TEXTFILE.
has() { grep -qE -- "(^|[^-A-Za-z0-9])$2([^-A-Za-z0-9]|$)" "$1"; }

"$prefix/bin/cc-dll" --ccdll-help >help.txt
plain "$man1/cc-dll.1" >cc-dll.src
n=0
for o in $(options help.txt); do
  n=$((n + 1))
  has cc-dll.src "$o" || bad "cc-dll.1 lacks $o (cc-dll --ccdll-help)"
done
[ $n -ge 10 ] && ok "cc-dll.1 has the $n options of cc-dll --ccdll-help" || bad "only $n options in cc-dll --ccdll-help"

"$prefix/bin/ccdll" --help >help.txt
commands=$(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' help.txt)
[ "$(echo $commands | wc -w)" -ge 8 ] || bad "commands of ccdll --help: $commands"
plain "$man1/ccdll.1" >ccdll.src
for o in -v --stats --help; do has ccdll.src "$o" || bad "ccdll.1 lacks $o (every command)"; done
for c in $commands; do
  awk -v c="$c" '/^\.SS "ccdll / { p = ($3 == c) ; next } /^\.S[HS]/ { p = 0 } p' ccdll.src >section.txt
  [ -s section.txt ] || { bad "ccdll.1 has no section for ccdll $c"; continue; }
  "$prefix/bin/ccdll" $c --help >help-$c.txt 2>&1
  n=0 miss=
  for o in $(options help-$c.txt); do
    n=$((n + 1))
    has section.txt "$o" || miss="$miss $o"
  done
  [ -z "$miss" ] && ok "ccdll.1, ccdll $c: all $n options" || bad "ccdll.1, ccdll $c lacks$miss"
done
finish
