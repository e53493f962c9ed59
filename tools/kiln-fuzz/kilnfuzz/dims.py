"""Dims: static sizes, symbols and their products, sums and ceildivs."""

import re
from dataclasses import dataclass
from itertools import zip_longest

from kilnfuzz.common import SYM_MAX, SYMBOL_RE


@dataclass(frozen=True)
class Dim:
    """A dim: ``text`` in Kiln's type syntax, ``py`` the same in Python."""

    text: str
    py: str

    @staticmethod
    def of(value):
        """A static size or a symbol."""
        return Dim(str(value), str(value))

    @property
    def static(self):
        """Whether the dim is a constant."""
        return self.text.isdigit()

    def symbols(self):
        """The symbols the dim uses."""
        return SYMBOL_RE.findall(self.text)

    def value(self, syms):
        """The size under the symbol values ``syms``."""
        return int(eval(self.py, {"__builtins__": {}}, dict(syms)))

    def bound(self, top=SYM_MAX):
        """An upper bound of the size (with symbols at most ``top``)."""
        return self.value({s: top for s in self.symbols()})


ONE = Dim.of(1)


def paren(d):
    """``d``'s text, parenthesized unless it is a name or a number."""
    return d.text if re.fullmatch(r"\w+", d.text) else f"({d.text})"


def dim_mul(a, b):
    """The product of two dims."""
    if a.static and b.static or "0" in (a.text, b.text):
        return Dim.of(a.value({}) * b.value({}) if a.static and b.static else 0)
    if ONE in (a, b):
        return b if a == ONE else a
    return Dim(f"{paren(a)}*{paren(b)}", f"({a.py})*({b.py})")


def dim_sum(dims):
    """The sum of dims, equal terms with a coefficient (``2*S + 3``)."""
    const, terms = 0, {}
    for d in dims:
        if d.static:
            const += int(d.text)
        else:
            terms[d] = terms.get(d, 0) + 1
    text = [paren(d) if n == 1 else f"{n}*{paren(d)}" for d, n in terms.items()]
    py = [f"{n}*({d.py})" for d, n in terms.items()]
    if const or not terms:
        text, py = text + [str(const)], py + [str(const)]
    return Dim(" + ".join(text), " + ".join(py))


def dim_ceildiv(a, k):
    """``a ceildiv k``."""
    if k == 1 or a.static:
        return a if k == 1 else Dim.of(-(-int(a.text) // k))
    return Dim(f"{paren(a)} ceildiv {k}", f"-(-({a.py}) // {k})")


def split_dim(d):
    """Two dims whose product is ``d`` (static composites, ``A*B``), or None."""
    if d.static:
        n = int(d.text)
        f = next((f for f in (2, 3, 4) if n > f and n % f == 0), None)
        return (Dim.of(f), Dim.of(n // f)) if f else None
    parts = d.text.split("*")
    if len(parts) == 2 and all(re.fullmatch(r"\w+", p) for p in parts):
        return Dim.of(parts[0]), Dim.of(parts[1])
    return None


def broadcast(*shapes):
    """The NumPy broadcast of ``shapes`` (right-aligned), or None."""
    out = []
    for dims in zip_longest(*(reversed(s) for s in shapes)):
        dims = {d for d in dims if d not in (None, ONE)}
        if len(dims) > 1:
            return None
        out.append(dims.pop() if dims else ONE)
    return tuple(reversed(out))


def sizes(shape, syms):
    """The sizes of ``shape`` under ``syms``."""
    return tuple(d.value(syms) for d in shape)
