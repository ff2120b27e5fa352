#!/usr/bin/env python3
"""A strict check of 70-bootwire-stlink.rules, for systems whose udevadm has
no `verify` (Debian 12's udev 252): the syntax udev accepts, the operators
each key allows, GOTO targets, and that the rule grants uaccess to exactly
the ST-Link products the metainfo declares and every product the engine
drives.

usage: check-udev-rules.py RULES METAINFO ENGINE_PROBE_INFO_C
"""
import re
import sys
import xml.etree.ElementTree as ET

MATCH_ONLY = {'ACTION', 'SUBSYSTEM', 'SUBSYSTEMS', 'KERNEL', 'KERNELS', 'DEVPATH', 'DRIVER',
              'DRIVERS', 'ATTR', 'ATTRS', 'SYSCTL', 'TAGS', 'TEST', 'PROGRAM', 'RESULT'}
ASSIGN_ONLY = {'GOTO', 'LABEL', 'MODE', 'GROUP', 'OWNER', 'RUN', 'SYMLINK', 'NAME', 'OPTIONS'}
BOTH = {'TAG', 'ENV'}
WITH_ATTRIBUTE = {'ATTR', 'ATTRS', 'ENV', 'SYSCTL', 'TEST', 'RUN'}
TOKEN = re.compile(r'\s*([A-Z]+)(\{[^{}"\s]+\})?\s*(==|!=|\+=|-=|:=|=)\s*"([^"\\]*)"\s*(,|$)')

errors = []


def error(lineno, message):
    errors.append(f'{sys.argv[1]}:{lineno}: {message}')


def parse(path):
    rules = []
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if not text.endswith('\n'):
        error(0, 'no newline at the end of the file')
    for lineno, line in enumerate(text.split('\n'), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith('#'):
            continue
        if stripped.endswith('\\'):
            error(lineno, 'line continuation: keep each rule on one line')
        tokens = []
        position = 0
        while position < len(stripped):
            match = TOKEN.match(stripped, position)
            if not match:
                error(lineno, f'cannot parse from column {position + 1}: {stripped[position:]!r}')
                break
            key, attribute, operator, value, separator = match.groups()
            if key not in MATCH_ONLY | ASSIGN_ONLY | BOTH:
                error(lineno, f'unknown key {key}')
            if (key in WITH_ATTRIBUTE) != (attribute is not None):
                error(lineno, f'{key} {"needs" if key in WITH_ATTRIBUTE else "takes no"} {{attribute}}')
            is_match = operator in ('==', '!=')
            if key in MATCH_ONLY and not is_match:
                error(lineno, f'{key} is a match key: use == or !=, not {operator}')
            if key in ASSIGN_ONLY and is_match:
                error(lineno, f'{key} is assigned: {operator} is not allowed')
            if key in ('GOTO', 'LABEL') and operator != '=':
                error(lineno, f'{key} takes =, not {operator}')
            tokens.append((key, attribute[1:-1] if attribute else None, operator, value))
            position = match.end()
            if separator == '' and position < len(stripped):
                error(lineno, 'missing comma between keys')
        rules.append((lineno, tokens))
    return rules


def main():
    rules_path, metainfo_path, probe_info_path = sys.argv[1:4]
    name = rules_path.rsplit('/', 1)[-1]
    number = re.match(r'(\d+)-', name)
    if not number or int(number.group(1)) >= 73:
        error(0, 'the file must sort before 73-seat-late.rules, which applies uaccess')

    rules = parse(rules_path)
    labels = {}
    gotos = []
    products = {}
    filters = set()
    for lineno, tokens in rules:
        keys = {(k, a): (o, v) for k, a, o, v in tokens}
        for k, a, o, v in tokens:
            if k == 'LABEL':
                labels[v] = lineno
            elif k == 'GOTO':
                gotos.append((lineno, v))
            elif k == 'MODE' and v[-1:] in '2367':
                error(lineno, f'MODE="{v}" makes the probe world-writable; use TAG+="uaccess"')
        if ('ACTION', None) in keys and keys[('ACTION', None)] == ('==', 'remove'):
            filters.add('remove')
        if ('SUBSYSTEM', None) in keys and keys[('SUBSYSTEM', None)] == ('!=', 'usb'):
            filters.add('subsystem')
        vendor = keys.get(('ATTR', 'idVendor'))
        product = keys.get(('ATTR', 'idProduct'))
        if vendor or product:
            if not (vendor and product) or vendor[0] != '==' or product[0] != '==':
                error(lineno, 'a device rule matches idVendor and idProduct with ==')
                continue
            if not re.fullmatch(r'[0-9a-f]{4}', vendor[1]) or not re.fullmatch(r'[0-9a-f]{4}', product[1]):
                error(lineno, 'sysfs shows IDs as four lower-case hex digits')
            if vendor[1] != '0483':
                error(lineno, f'vendor {vendor[1]} is not STMicroelectronics (0483)')
            if ('TAG', None) not in keys or keys[('TAG', None)] != ('+=', 'uaccess'):
                error(lineno, 'a device rule adds TAG+="uaccess"')
            if product[1] in products:
                error(lineno, f'product {product[1]} already matched on line {products[product[1]]}')
            products[product[1]] = lineno
    for lineno, target in gotos:
        if target not in labels:
            error(lineno, f'GOTO="{target}" has no LABEL')
        elif labels[target] < lineno:
            error(lineno, f'GOTO="{target}" jumps backwards')
    if filters != {'remove', 'subsystem'}:
        error(0, 'skip remove events and non-USB devices before the device rules')

    root = ET.parse(metainfo_path).getroot()
    declared = set()
    for modalias in root.iterfind('provides/modalias'):
        match = re.fullmatch(r'usb:v0483p([0-9A-F]{4})d\*', modalias.text or '')
        if not match:
            errors.append(f'{metainfo_path}: modalias {modalias.text!r} is not usb:v0483pXXXXd* (upper-case hex)')
            continue
        declared.add(match.group(1).lower())
    granted = set(products)
    if declared != granted:
        errors.append(f'rule and metainfo differ: only in the rule {sorted(granted - declared)}, '
                      f'only in the metainfo {sorted(declared - granted)}')

    with open(probe_info_path, encoding='utf-8') as f:
        driven = {p.lower() for p in re.findall(r'case 0x(37[0-9A-Fa-f]{2}):', f.read())}
    if not driven:
        errors.append(f'{probe_info_path}: found no product IDs (case 0x37..:); has the code moved?')
    if driven - granted:
        errors.append(f'the engine drives products the rule does not grant: {sorted(driven - granted)}')

    for e in errors:
        print(e)
    print(f'{len(granted)} ST-Link products granted uaccess; engine drives {len(driven)} of them')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
