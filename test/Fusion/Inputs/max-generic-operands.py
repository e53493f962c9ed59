"""Prints how many linalg.generic ops the IR on stdin has, the most
operands (ins and outs) any of them reads, and whether that is within
argv[1]."""

import re
import sys

text = sys.stdin.read()
counts = [
    len(re.findall(r"%[\w.]+", m.group(1))) + len(re.findall(r"%[\w.]+", m.group(2)))
    for m in re.finditer(r"linalg\.generic .*?ins\(([^:]*):.*?outs\(([^:]*):", text)
]
print("generics:", len(counts))
most = max(counts, default=0)
print("most operands:", most)
print("within", sys.argv[1], "yes" if most <= int(sys.argv[1]) else "no")
