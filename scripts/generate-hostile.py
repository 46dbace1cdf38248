#!/usr/bin/env python3
"""Projects for the scale rows of scripts/benchmark.sh (issue 12): the same catalog items
as CSV and as YAML, items that are aliases of one anchored mapping, and many resources.

  generate-hostile.py DIR yaml-items N      catalog of N items in items.yaml (and DIR-csv with items.csv)
  generate-hostile.py DIR aliased-items N   catalog of N items, each `*base` merged into a mapping
  generate-hostile.py DIR resources N       N content blocks, each including the previous one
"""
import os
import sys

PROJECT = "version: 1\nmanifests: [m]\nworkspaces:\n  sandbox: {sandbox: true}\n"
CATALOG = ("kind: catalog\nname: big\ndescription: d\n"
           "fields: [{name: id, type: string}, {name: Name, type: string}, {name: Price, type: number}]\n"
           "items: {file: %s}\n")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    directory, what, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    write(os.path.join(directory, "brazeform.yaml"), PROJECT)
    if what == "yaml-items":
        write(os.path.join(directory, "m/c.yaml"), CATALOG % "items.yaml")
        write(os.path.join(directory, "m/items.yaml"),
              "".join("- {id: item-%d, Name: \"Name %d\", Price: %d.5}\n" % (i, i, i) for i in range(n)))
        csv_dir = directory + "-csv"
        write(os.path.join(csv_dir, "brazeform.yaml"), PROJECT)
        write(os.path.join(csv_dir, "m/c.yaml"), CATALOG % "items.csv")
        write(os.path.join(csv_dir, "m/items.csv"),
              "id,Name,Price\n" + "".join("item-%d,Name %d,%d.5\n" % (i, i, i) for i in range(n)))
    elif what == "aliased-items":
        write(os.path.join(directory, "m/c.yaml"), CATALOG % "items.yaml")
        lines = ["- &base {id: item-0, Name: shared, Price: 1.5}\n"]
        lines += ["- {<<: *base, id: item-%d}\n" % i for i in range(1, n)]
        write(os.path.join(directory, "m/items.yaml"), "".join(lines))
    elif what == "resources":
        docs = []
        for i in range(n):
            content = "<p>%d</p>" % i if i == 0 else "<p>%d</p>{{content_blocks.${block_%d}}}" % (i, i - 1)
            docs.append("kind: content_block\nname: block_%d\ncontent: \"%s\"\n" % (i, content))
        write(os.path.join(directory, "m/blocks.yaml"), "---\n".join(docs))
    else:
        sys.exit("unknown: " + what)


if __name__ == "__main__":
    main()
