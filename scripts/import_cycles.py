"""List import cycles among gwreport's modules (module-level and function-level imports alike).

    python scripts/import_cycles.py          # exit 1 when a cycle exists

Reads the source with ast (nothing is imported), resolves relative imports, and prints every
strongly connected component of more than one module (Tarjan), with one concrete cycle each.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def modules() -> dict[str, Path]:
    out = {}
    for p in (SRC / "gwreport").rglob("*.py"):
        rel = p.relative_to(SRC).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = p
    return out


def edges(mods: dict[str, Path], top_level_only: bool) -> dict[str, set[str]]:
    g: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        pkg = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for blk in ast.walk(tree) if isinstance(blk, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(blk.test) for n in ast.walk(blk)}
        nodes = tree.body if top_level_only else ast.walk(tree)
        for node in nodes:
            if id(node) in typing_only:
                continue  # annotations only: not an import at run time
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = pkg.split(".")
                    up = up[: len(up) - (node.level - 1)]
                    base = ".".join(up + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            for t in targets:
                while t and t not in mods:
                    t = t.rsplit(".", 1)[0] if "." in t else ""
                if t and t != name and t.startswith("gwreport") and not name.startswith(t + "."):
                    g[name].add(t)
    return g


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in g[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in g:
        if v not in index:
            strong(v)
    return out


def main(argv: list[str]) -> int:
    mods = modules()
    bad = 0
    for label, top in (("module-level imports", True), ("all imports (incl. inside functions)", False)):
        found = cycles(edges(mods, top))
        print(f"{label}: {len(found)} cycle(s)")
        for comp in found:
            print("  " + " <-> ".join(comp))
        bad += len(found) if top else 0
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
