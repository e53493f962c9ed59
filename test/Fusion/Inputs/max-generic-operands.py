"""Prints how many linalg.generic ops the IR on stdin has and the most
operands (ins and outs) any of them reads."""

import re
import sys

text = sys.stdin.read()
counts = [
    len(re.findall(r"%[\w.]+", m.group(1))) + len(re.findall(r"%[\w.]+", m.group(2)))
    for m in re.finditer(r"linalg\.generic .*?ins\(([^:]*):.*?outs\(([^:]*):", text)
]
print("generics:", len(counts))
print("most operands:", max(counts, default=0))
