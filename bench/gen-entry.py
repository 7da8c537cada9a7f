#!/usr/bin/env python3
"""gen-entry.py: write a `git fast-import` stream of a 20-file Pulumi
TypeScript project and a change to its entry point only, for the
benchmark's entry workload (bench/run.sh, bench/README.md).

    python3 bench/gen-entry.py [--seed S] [--stacks K] | git -C REPO fast-import --quiet

The project: bin/tap.ts instantiates the TapStack of lib/tap-stack.ts,
which instantiates K (default 18) components, lib/<domain>-stack.ts,
passing its environment suffix and settings down; each component holds
25-35 resource blocks (600-900 lines), rendered by gen-history.py's
renderers, plus package.json, Pulumi.yaml and the like.

Refs written:
  refs/heads/main    the project
  refs/heads/staged  one more commit that changes only bin/tap.ts (its
                     tags and the TapStack instantiation's arguments,
                     the suffix still passed): the workload stages it
                     (`git reset --soft main`), so that judging it means
                     following TapStack's arguments into every component.

Deterministic: the same seed gives the same stream, byte for byte.
"""

import argparse
import importlib.util
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("gen_history", os.path.join(_here, "gen-history.py"))
gh = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gh)


def render_entry(staged):
    """bin/tap.ts; the staged version passes more settings to TapStack."""
    if staged:
        return gh.render_bin({"bin_tags": [("Team", "platform"), ("CostCenter", "cc-4711")]},
                             "`tap-${environmentSuffix}`", ", { protect: false }")
    return gh.render_bin({"bin_tags": []})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--stacks", type=int, default=18)
    a = ap.parse_args()
    g = gh.Gen(a.seed)
    tap = gh.TapStack()
    files = {}
    for d, c in gh.DOMAINS[:a.stacks]:
        f = gh.StackFile("lib/%s-stack.ts" % d, d, c, 900)
        for _ in range(g.rng.randrange(25, 36)):
            f.blocks.append(g.new_block())
        files[f.path] = f.render()
        tap.children.append((d, c, "./%s-stack" % d))
    files["lib/tap-stack.ts"] = tap.render()
    files["bin/tap.ts"] = render_entry(False)
    files["package.json"] = gh.render_package({"deps": {"@pulumi/aws": "^6.22.0", "@pulumi/pulumi": "^3.104.0",
                                                        "@pulumi/random": "^4.15.0"}, "version": "0.1.0"})
    files.update(gh.STATIC_FILES)

    out = sys.stdout.buffer

    def data(text):
        raw = text.encode()
        out.write(b"data %d\n" % len(raw))
        out.write(raw)
        out.write(b"\n")

    def commit(ref, mark, parent, when, msg, tree):
        out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
        ident = ("Ana Souza <ana.souza@example.com> %d +0000" % when).encode()
        out.write(b"author " + ident + b"\ncommitter " + ident + b"\n")
        data(msg)
        if parent:
            out.write(b"from :%d\n" % parent)
        for path in sorted(tree):
            out.write(("M 100644 inline %s\n" % path).encode())
            data(tree[path])
        out.write(b"\n")

    commit("refs/heads/main", 1, 0, 1700000000, "tap: %d components\n" % a.stacks, files)
    commit("refs/heads/staged", 2, 1, 1700003600, "bin: name the stack per environment, more tags\n",
           {"bin/tap.ts": render_entry(True)})


if __name__ == "__main__":
    main()
