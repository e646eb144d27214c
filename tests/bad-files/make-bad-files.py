#!/usr/bin/env python3
"""Regenerate the hostile perf.data corpus from two good synthetic files.

usage: make-bad-files.py GOOD_FILE_MODE.data GOOD_BE_PIPE.data
(made by mkperfdata from tests/fixtures/exitreport/basic.scn and basic-be-pipe.scn).
Each file breaks one thing; expected.txt holds the one-line error for each.
"""
import struct
import sys

src = open(sys.argv[1], 'rb').read()
pipe = open(sys.argv[2], 'rb').read()
data_off, data_size = struct.unpack_from('<QQ', src, 40)
feat = data_off + data_size
td_off, td_size = struct.unpack_from('<QQ', src, feat)


def patched(base, fmt, offset, value):
    b = bytearray(base)
    struct.pack_into(fmt, b, offset, value)
    return bytes(b)


files = {
    'empty.data': b'',
    'short.data': b'PERFILE2',
    'bad-magic.data': b'NOTPERF!' + src[8:],
    'v1-magic.data': b'PERFFILE' + src[8:],
    'header-size.data': patched(src, '<Q', 8, 4096),
    'truncated.data': src[:len(src) // 2],
    'absurd-data-size.data': patched(src, '<Q', 48, 1 << 60),
    'absurd-attr-size.data': patched(src, '<Q', 16, 1 << 40),
    'absurd-attr-count.data': patched(src, '<Q', 32, 1 << 62),
    'record-size-zero.data': patched(src, '<H', data_off + 6, 0),
    'compressed-record.data': patched(src, '<I', data_off, 81),
    'record-crosses-data.data': patched(src, '<H', data_off + 6, 0xfff8),
    'tracing-bad-magic.data': patched(src, '<B', td_off, 0),
    'tracing-absurd-format.data': patched(src, '<Q', src.index(b'kvm\x00', td_off) + 8, 1 << 50),
    # the first record is an exit sample: header, id, ip, tid, time, cpu, period, raw size
    'raw-too-short.data': patched(src, '<I', data_off + 56, 4),
    'raw-absurd-size.data': patched(src, '<I', data_off + 56, 0xfffffff0),
    'common-type-wrong.data': patched(src, '<H', data_off + 60, 999),
    'pipe-truncated-tracing.data': pipe[:600],
    'pipe-only-header.data': pipe[:16],
    'pipe-truncated-record.data': pipe[:-5],
    'pipe-tracing-size-absurd.data': None,
}

# no HEADER_TRACING_DATA: clear the bit and keep the CPU description's section entry
b = bytearray(src)
bits = struct.unpack_from('<Q', b, 72)[0]
struct.pack_into('<Q', b, 72, bits & ~2)
b[feat:feat + 16], b[feat + 16:feat + 32] = src[feat + 16:feat + 32], src[feat:feat + 16]
files['no-tracing-data.data'] = bytes(b)

# pipe: the HEADER_TRACING_DATA record announces 2 GiB (big-endian file)
at = pipe.index(struct.pack('>IHH', 66, 0, 16))
files['pipe-tracing-size-absurd.data'] = patched(pipe, '>I', at + 8, 0x7ffffff0)

for name, content in files.items():
    with open(name, 'wb') as f:
        f.write(content)
