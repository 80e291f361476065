"""Summarise a mutmut run (`make mutants`): score per module and every surviving mutant with its diff.

Usage: python bench/mutation_report.py bench/mutmut_results.txt  (the output of `mutmut results --all true`)
Score = killed (including timeouts) / (killed + survived); mutants in functions that no selected test calls ("no tests":
the display helpers load_image, to_pil, show_images) are counted apart.
"""
import collections, re, subprocess, sys
from pathlib import Path

lines = Path(sys.argv[1]).read_text().splitlines()
by_mod, survivors = collections.defaultdict(collections.Counter), []
for line in lines:
    m = re.match(r'\s*(diffgrid_nb\.(\w+)\.\S+): (.+)$', line)
    if not m: continue
    name, mod, status = m.groups()
    by_mod[mod][status] += 1
    if status == 'survived': survivors.append(name)
total = collections.Counter()
print(f"{'module':12s} {'killed':>7s} {'timeout':>8s} {'survived':>9s} {'no tests':>9s} {'score':>7s}")
for mod, c in sorted(by_mod.items()):
    total += c
    k, s = c['killed'] + c['timeout'], c['survived']
    print(f"{mod:12s} {c['killed']:7d} {c['timeout']:8d} {s:9d} {c['no tests']:9d} {100 * k / max(k + s, 1):6.1f}%")
k, s = total['killed'] + total['timeout'], total['survived']
print(f"{'all':12s} {total['killed']:7d} {total['timeout']:8d} {s:9d} {total['no tests']:9d} {100 * k / max(k + s, 1):6.1f}%")
other = {st: n for st, n in total.items() if st not in ('killed', 'timeout', 'survived', 'no tests')}
if other: print('other statuses:', other)
print(f"\n{len(survivors)} surviving mutants:")
mutmut = Path(sys.executable).with_name('mutmut')
for name in survivors:
    diff = subprocess.run([str(mutmut), 'show', name], capture_output=True, text=True).stdout
    print(f"\n## {name}\n" + '\n'.join(l for l in diff.splitlines() if l.startswith(('+', '-')) and not l.startswith(('+++', '---'))))
