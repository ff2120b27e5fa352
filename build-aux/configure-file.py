#!/usr/bin/env python3
"""Copies INPUT to OUTPUT replacing each @KEY@ given as KEY=VALUE. Used
instead of configure_file() for the files msgfmt merges translations into,
so that the copy (and the merge after it) reruns when a .po file changes.

usage: configure-file.py INPUT OUTPUT KEY=VALUE...
"""
import re
import sys

source, target, *pairs = sys.argv[1:]
values = dict(pair.split('=', 1) for pair in pairs)
with open(source, encoding='utf-8') as f:
    text = f.read()


def replace(match):
    key = match.group(1)
    if key not in values:
        sys.exit(f'{source}: @{key}@ has no value')
    return values[key]


text = re.sub(r'@([A-Z_]+)@', replace, text)
with open(target, 'w', encoding='utf-8') as f:
    f.write(text)
