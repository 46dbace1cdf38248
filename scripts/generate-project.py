#!/usr/bin/env python3
"""Generates a large brazeform project for benchmarks.

usage: generate-project.py DIR [--resources N] [--items N]

N resources spread over every kind (content blocks that include each other one
level deep, templates that include blocks and read a catalog, catalogs,
preference centers using a subscription group, subscription groups with
members) and one catalog of --items items from a CSV file.
"""
import argparse, os, random

def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--resources", type=int, default=2000)
    p.add_argument("--items", type=int, default=100_000)
    a = p.parse_args()
    rnd = random.Random(7)
    root = a.dir
    os.makedirs(os.path.join(root, "braze", "blocks"), exist_ok=True)
    os.makedirs(os.path.join(root, "braze", "templates"), exist_ok=True)
    os.makedirs(os.path.join(root, "braze", "catalogs"), exist_ok=True)
    os.makedirs(os.path.join(root, "braze", "preferences"), exist_ok=True)
    with open(os.path.join(root, "brazeform.yaml"), "w") as f:
        f.write("version: 1\nmanifests: [braze]\ndefault_workspace: sandbox\nworkspaces:\n")
        for ws in ("sandbox", "staging", "production"):
            target = "sandbox: true" if ws == "sandbox" else ("instance: US-01" if ws == "staging" else "endpoint: https://rest.fra-01.braze.eu")
            f.write(f"  {ws}:\n    {target}\n    vars:\n      cdn: https://cdn-{ws}.example.com\n      group_id: 6e2d1f0a-0000-4000-8000-00000000000{len(ws) % 10}\n")
    n = a.resources
    # Shares: 45% blocks, 35% templates, 10% catalogs, 5% preference centers, 5% groups (at least one each).
    blocks = max(2, n * 45 // 100)
    templates = max(1, n * 35 // 100)
    catalogs = max(1, n * 10 // 100)
    centers = max(1, min(50, n * 5 // 100))
    groups = max(1, n - blocks - templates - catalogs - centers)
    leaves = blocks // 2
    with open(os.path.join(root, "braze", "blocks", "blocks.yaml"), "w") as f:
        for i in range(blocks):
            body = f"<p>Block {i} ((var.cdn))/img/{i}.png</p>\n" * 5
            if i >= leaves:
                body += "{{content_blocks.${block_%d}}}\n" % rnd.randrange(leaves)
            if i % 10 == 0:
                html = os.path.join(root, "braze", "blocks", f"block_{i}.html")
                with open(html, "w") as h:
                    h.write(body)
                f.write(f"---\nkind: content_block\nname: block_{i}\ndescription: Generated block {i}\ncontent: {{file: block_{i}.html}}\ntags: []\n")
            else:
                f.write(f"---\nkind: content_block\nname: block_{i}\ndescription: Generated block {i}\ncontent: |\n")
                f.write("".join("  " + line + "\n" for line in body.splitlines()))
    with open(os.path.join(root, "braze", "templates", "templates.yaml"), "w") as f:
        for i in range(templates):
            b = rnd.randrange(leaves, blocks) if blocks > leaves else 0
            c = rnd.randrange(catalogs)
            f.write(f"---\nkind: email_template\nname: template_{i}\nsubject: \"Hello {{{{${{first_name}}}}}} #{i}\"\npreheader: Generated\n")
            f.write(f"body: \"<html><body>{{{{content_blocks.${{block_{b}}}}}}} {{% catalog_items catalog_{c} item-1 %}} {{{{items[0].Name}}}}</body></html>\"\n")
    with open(os.path.join(root, "braze", "catalogs", "catalogs.yaml"), "w") as f:
        for i in range(catalogs):
            f.write(f"---\nkind: catalog\nname: catalog_{i}\ndescription: Generated catalog {i}\nfields:\n")
            f.write("  - {name: id, type: string}\n  - {name: Name, type: string}\n  - {name: Price, type: number}\n  - {name: In_Stock, type: boolean}\n  - {name: Launched_At, type: time}\n")
            if i == 0 and a.items > 0:
                f.write("items: {file: catalog_0.csv}\n")
            else:
                f.write("items:\n")
                for j in range(3):
                    f.write(f"  - {{id: item-{j}, Name: \"Item {j}\", Price: {j}.5, In_Stock: true, Launched_At: \"2025-01-0{j+1}T00:00:00Z\"}}\n")
    if a.items > 0:
        with open(os.path.join(root, "braze", "catalogs", "catalog_0.csv"), "w") as f:
            f.write("id,Name,Price,In_Stock,Launched_At\n")
            for j in range(a.items):
                name = f"\"Item {j}, size {j % 7}\"" if j % 5 == 0 else f"Item {j}"
                f.write(f"item-{j},{name},{(j % 1000) / 10},{'true' if j % 2 else 'false'},2025-{1 + j % 12:02d}-{1 + j % 28:02d}T09:00:00Z\n")
    with open(os.path.join(root, "braze", "preferences", "groups.yaml"), "w") as f:
        for i in range(groups):
            f.write(f"---\nkind: subscription_group\nname: group_{i}\nid: 6e2d1f0a-0000-4000-8000-{i:012d}\nchannel: email\n")
            f.write(f"members:\n  subscribed: [user-{i}-a, user-{i}-b]\n  unsubscribed: [user-{i}-c]\n")
    with open(os.path.join(root, "braze", "preferences", "centers.yaml"), "w") as f:
        for i in range(centers):
            g = rnd.randrange(groups)
            f.write(f"---\nkind: preference_center\nname: center_{i}\ntitle: Preferences {i}\n")
            f.write(f"page_html: \"<form>{{% form_field_name :subscription_group ((subscription_group.group_{g}.id)) %}}</form>\"\n")
            f.write("confirmation_page_html: <p>Saved</p>\n")
    print(f"{root}: {blocks} content blocks, {templates} templates, {catalogs} catalogs, {centers} preference centers, {groups} subscription groups; {a.items} items in catalog_0.csv")

main()
