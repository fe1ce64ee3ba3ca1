#!/usr/bin/env python3
"""Development aid, not part of the product: lists the classes with the most constructor dependencies.

Counts, without Roslyn, the parameters of each class's primary constructor (`class X(A a, B b)`) or, failing that,
of its widest explicit constructor (`public X(A a, ...)`), in every .cs file under the given folders (default: src,
functions). Records are left out (their parameters are data, not dependencies). Usage:
  scripts/constructor-deps.py [--top N] [FOLDER...]
"""
import re, sys, pathlib

def split_params(text):
    depth, cur, out = 0, "", []
    for ch in text:
        if ch in "<([": depth += 1
        if ch in ">)]": depth -= 1
        if ch == "," and depth == 0:
            out.append(cur); cur = ""
        else:
            cur += ch
    if cur.strip(): out.append(cur)
    return [p.strip() for p in out if p.strip()]

def balanced(src, start):
    """The text between the parenthesis at src[start] and its match."""
    depth = 0
    for i in range(start, len(src)):
        if src[i] == "(": depth += 1
        elif src[i] == ")":
            depth -= 1
            if depth == 0: return src[start + 1:i]
    return ""

args = sys.argv[1:]
top = 15
if args[:1] == ["--top"]: top, args = int(args[1]), args[2:]
roots = args or ["src", "functions"]
rows = []
for root in roots:
    for path in pathlib.Path(root).rglob("*.cs"):
        if "/obj/" in str(path) or "/bin/" in str(path): continue
        src = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\bclass\s+(\w+)(?:<[^>]*>)?\s*\(", src):
            rows.append((len(split_params(balanced(src, m.end() - 1))), m.group(1), str(path)))
        for m in re.finditer(r"\bclass\s+(\w+)(?:<[^>]*>)?\s*(?::[^{(]*)?\{", src):
            name = m.group(1)
            ctors = [len(split_params(balanced(src, c.end() - 1)))
                     for c in re.finditer(r"\b(?:public|internal|private|protected)\s+" + name + r"\s*\(", src)]
            if ctors: rows.append((max(ctors), name, str(path)))
rows.sort(key=lambda r: (-r[0], r[1]))
for n, name, path in rows[:top]:
    print(f"{n:3}  {name:32} {path}")
