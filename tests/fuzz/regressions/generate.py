#!/usr/bin/env python3
# generate.py - remakes the crafted reproducers of regressions/fuzz_pe/
# (their inputs grow quadratically in cost with their size, which the
# fuzzers, whose inputs stay small, cannot show): python3 generate.py DIR.
# Each function names its file and says what it shows; see
# docs/fuzzing.md, "Findings".
import os, struct, sys


def align(x, a):
    return (x + a - 1) & ~(a - 1)


def pe32(sections, directories, base=0x400000):
    """An i386 DLL: sections are (name, rva, data, characteristics);
    directories maps a directory index to (rva, size)."""
    raw = 0x400
    hdr = bytearray(raw)
    hdr[0:2] = b'MZ'
    struct.pack_into('<I', hdr, 0x3c, 0x40)
    hdr[0x40:0x44] = b'PE\0\0'
    struct.pack_into('<HHIIIHH', hdr, 0x44, 0x14c, len(sections), 0, 0, 0, 0xe0, 0x2102)
    o = 0x58
    struct.pack_into('<H', hdr, o, 0x10b)
    struct.pack_into('<I', hdr, o + 28, base)
    struct.pack_into('<II', hdr, o + 32, 0x1000, 0x200)
    struct.pack_into('<I', hdr, o + 60, raw)
    struct.pack_into('<I', hdr, o + 92, 16)
    for k, (rva, size) in directories.items():
        struct.pack_into('<II', hdr, o + 96 + 8 * k, rva, size)
    body = bytearray()
    top = 0
    for i, (name, rva, data, chars) in enumerate(sections):
        size = align(len(data), 0x200)
        sh = o + 0xe0 + 40 * i
        hdr[sh:sh + 8] = name.ljust(8, b'\0')
        struct.pack_into('<IIIIIIHHI', hdr, sh + 8, len(data), rva, size, raw + len(body), 0, 0, 0, 0, chars)
        body += data + bytes(size - len(data))
        top = max(top, rva + len(data))
    struct.pack_into('<I', hdr, o + 56, align(top, 0x1000))
    return bytes(hdr + body)


CODE, RDATA = 0x60000020, 0x40000040


def import_slot_rescan(calls=400, descs=300, entries=1000):
    """x86code-import-slot-rescan-hang.dll: an export of `calls` calls
    through one import slot; the import directory has `descs` descriptors
    whose lookup table ends just before the slot, then one that reaches it.
    import_slot rescans every descriptor's table for each call: the cost
    is calls x descs x entries."""
    base, text_rva = 0x400000, 0x1000
    rd_rva = align(text_rva + calls * 6 + 1, 0x1000)
    R = lambda off: rd_rva + off
    names = b'x.dll\0f\0k.dll\0\0'
    eat, npt = 40 + len(names), 44 + len(names)
    ords = npt + 4
    imp = align(ords + 2, 4)
    t1 = imp + 20 * (descs + 2)
    t2 = t1 + 4 * (entries + 1)
    rd = bytearray(t2 + 4 * (entries + 1))
    struct.pack_into('<IIHHIIIIIII', rd, 0, 0, 0, 0, 0, R(40), 1, 1, 1, R(eat), R(npt), R(ords))
    rd[40:40 + len(names)] = names
    struct.pack_into('<II', rd, eat, text_rva, R(46))
    index = entries - 1
    first = R(t2)
    for k in range(descs + 1):
        struct.pack_into('<IIIII', rd, imp + 20 * k, R(t1) if k < descs else R(t2), 0, 0, R(48), first)
    for i in range(entries):
        struct.pack_into('<I', rd, t1 + 4 * i, 0x80000001 if i < index else 0)
        struct.pack_into('<I', rd, t2 + 4 * i, 0x80000001)
    code = b''.join(b'\xff\x15' + struct.pack('<I', base + first + 4 * index) for _ in range(calls)) + b'\xc3'
    return pe32([(b'.text', text_rva, code, CODE), (b'.rdata', rd_rva, bytes(rd), RDATA)],
                {0: (R(0), 40), 1: (R(imp), 20 * (descs + 2))}, base)


def export_starts(n=12000):
    """x86code-export-starts-quadratic-memory.dll: n exports by ordinal,
    each a `ret` of its own. x86_callee_pops puts every export's address
    into a new set for each export it is asked about, in the caller's
    arena: n x n memory (and time)."""
    text_rva = 0x1000
    rd_rva = align(text_rva + n, 0x1000)
    rd = bytearray(40 + 4 * n)
    struct.pack_into('<IIHHIIIIIII', rd, 0, 0, 0, 0, 0, 0, 1, n, 0, rd_rva + 40, 0, 0)
    for i in range(n):
        struct.pack_into('<I', rd, 40 + 4 * i, text_rva + i)
    return pe32([(b'.text', text_rva, b'\xc3' * n, CODE), (b'.rdata', rd_rva, bytes(rd), RDATA)],
                {0: (rd_rva, len(rd))})


def import_names(size=80000):
    """peread-import-names-quadratic-memory.dll: one section of 0x01
    bytes (the last one 0) at RVA 0x01010000, the import directory at
    0x01010101: descriptors, lookup entries and hint/name entries overlap,
    and each of the size/4 imports' names runs to the end of the section.
    pe_imports copies each: size x size / 4 bytes."""
    data = b'\x01' * (size - 1) + b'\0'
    return pe32([(b'.idata', 0x01010000, data, RDATA)], {1: (0x01010101, 40)})


def export_names(n=14000, length=90000):
    """peread-export-names-quadratic-memory.dll: an export table of n
    names that all point at one string of `length` bytes. pe_exports
    copies the string for each name before it finds the duplicate."""
    rva = 0x1000
    eat, npt = 40, 44
    ords = npt + 4 * n
    s = align(ords + 2 * n, 4)
    d = bytearray(s + length + 1)
    struct.pack_into('<IIHHIIIIIII', d, 0, 0, 0, 0, 0, 0, 1, 1, n, rva + eat, rva + npt, rva + ords)
    struct.pack_into('<I', d, eat, rva + s)
    for i in range(n):
        struct.pack_into('<I', d, npt + 4 * i, rva + s)
    d[s:s + length] = b'A' * length
    return pe32([(b'.text', rva, bytes(d), CODE)], {0: (rva, 40)})


def symbol_names(n=14000, length=80000):
    """symtab-symbol-names-quadratic-memory.obj: an i386 object with an
    export directive and n external symbols that all name one string of
    `length` bytes. symtab_add_object (through object_exports) copies the
    name for each symbol before it finds the duplicate."""
    drectve = b' -export:foo'
    symtab = 60 + len(drectve)
    obj = bytearray(struct.pack('<HHIIIHH', 0x14c, 1, 0, symtab, n, 0, 0))
    obj += b'.drectve' + struct.pack('<IIIIIIHHI', 0, 0, len(drectve), 60, 0, 0, 0, 0, 0x00000a00)
    obj += drectve
    for _ in range(n):
        obj += struct.pack('<IIIhHBB', 0, 4, 1, 1, 0, 2, 0)
    obj += struct.pack('<I', 4 + length + 1) + b'A' * length + b'\0'
    return bytes(obj)


def tail_names(n=14000, length=80000):
    """implibread-tail-names-quadratic-memory.a: an archive of one object
    whose .idata$7 holds a string of `length` bytes, with n external
    symbols at its start (what a dlltool tail defines). implib_read copies
    the DLL name for each symbol before it finds the duplicate."""
    symtab = 60 + length + 1
    obj = bytearray(struct.pack('<HHIIIHH', 0x14c, 1, 0, symtab, n, 0, 0))
    obj += b'.idata$7' + struct.pack('<IIIIIIHHI', 0, 0, length + 1, 60, 0, 0, 0, 0, 0xc0300040)
    obj += b'A' * length + b'\0'
    for _ in range(n):
        obj += b'_t\0\0\0\0\0\0' + struct.pack('<IhHBB', 0, 1, 0, 2, 0)
    obj += struct.pack('<I', 4)
    head = b't.o/'.ljust(16) + b'0'.ljust(12) + b'0'.ljust(6) + b'0'.ljust(6) + b'644'.ljust(8)
    head += str(len(obj)).encode().ljust(10) + b'`\n'
    return b'!<arch>\n' + head + bytes(obj) + b'\n' * (len(obj) & 1)


def drectve_sections(n=1000, m=1000):
    """objexports-overlapping-drectve-sections.obj: an i386 object of n
    section headers, all .drectve and all over the same m export
    directives. object_exports reads the directives again for each
    section: n x m exports made and merged (ccdll scan: 3000 x 3000 in a
    150 KB object took 98 s and 2.4 GB)."""
    text = b' -export:a' * m
    data = 20 + 40 * n
    obj = bytearray(struct.pack('<HHIIIHH', 0x14c, n, 0, 0, 0, 0, 0))
    for _ in range(n):
        obj += b'.drectve' + struct.pack('<IIIIIIHHI', 0, 0, len(text), data, 0, 0, 0, 0, 0x00000a00)
    return bytes(obj + text)


def ar_header(name, size):
    return (name.ljust(16) + b'0'.ljust(12) + b'0'.ljust(6) + b'0'.ljust(6) + b'644'.ljust(8) +
            str(size).encode().ljust(10) + b'`\n')


def long_member_names(n=5000, length=100000):
    """arread-long-member-names-quadratic-memory.a: a longnames member of
    `length` bytes with no end of name in it, and n empty members all
    named "/0". Each member's name is the whole longnames member, which
    implib_read (twice) and object_exports copy into "path(name)" for
    each member."""
    lib = b'!<arch>\n' + ar_header(b'//', length) + b'A' * length + b'\n' * (length & 1)
    return lib + ar_header(b'/0', 0) * n


FILES = {
    # The names are no longer copied (peread.c), but each is still hashed,
    # compared and printed whole: n x length time (ccdll exports: 23 s for
    # 40,000 names of 200,000 bytes in 440 KB).
    'fuzz_pe/peread-export-names-quadratic-time.dll': lambda: export_names(20000, 150000),
    'fuzz_archive/arread-long-member-names-quadratic-memory.a': long_member_names,
    'fuzz_pe/objexports-overlapping-drectve-sections.obj': drectve_sections,
    'fuzz_archive/implibread-tail-names-quadratic-memory.a': tail_names,
    'fuzz_pe/x86code-import-slot-rescan-hang.dll': import_slot_rescan,
    'fuzz_pe/x86code-export-starts-quadratic-memory.dll': export_starts,
    'fuzz_pe/peread-import-names-quadratic-memory.dll': import_names,
    'fuzz_pe/peread-export-names-quadratic-memory.dll': export_names,
    'fuzz_pe/symtab-symbol-names-quadratic-memory.obj': symbol_names,
}

if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else '.'
    for path, make in FILES.items():
        os.makedirs(os.path.dirname(f'{out}/{path}'), exist_ok=True)
        with open(f'{out}/{path}', 'wb') as f:
            f.write(make())
